// A large packet capture made from a small real one (shared by capture.test.mjs and
// measure-big-capture.mjs): the fixture's one data packet repeated, each copy carrying the next bytes
// of the stream, and the packets after it renumbered, so the file reads as one long healthy transfer.

/** `src` (pasv-healthy.pcap) grown to about `target` bytes: its one data packet repeated (each copy the
 * next 135 bytes of the stream). Returns the bytes, the number of copies and how far the stream moved. */
export function bigCapture(src, target) {
  const records = [];
  for (let off = 24; off < src.length;) {
    const len = src.readUInt32LE(off + 8);
    records.push(src.subarray(off, off + 16 + len));
    off += 16 + len;
  }
  const tcp = (r) => { const ip = 16 + 14; return ip + (r[ip] & 15) * 4; };
  const port = (r, k) => r.readUInt16BE(tcp(r) + k);
  const payload = (r) => r.length - tcp(r) - (r[tcp(r) + 12] >> 4) * 4;
  const at = records.findIndex((r) => port(r, 0) === 50003 && payload(r) > 0);
  const data = records[at];
  const copies = Math.ceil((target - src.length) / data.length);
  const shift = copies * payload(data);
  const out = [src.subarray(0, 24)];
  records.forEach((r, i) => {
    if (i > at && (port(r, 0) === 50003 || port(r, 2) === 50003)) {
      r = Buffer.from(r);
      const t = tcp(r);
      if (port(r, 0) === 50003) r.writeUInt32BE((r.readUInt32BE(t + 4) + shift) >>> 0, t + 4);
      else r.writeUInt32BE((r.readUInt32BE(t + 8) + shift) >>> 0, t + 8);
    }
    out.push(r);
    if (i === at) {
      for (let k = 1; k <= copies; k++) {
        const c = Buffer.from(data);
        const t = tcp(c);
        c.writeUInt32BE((c.readUInt32BE(t + 4) + k * payload(data)) >>> 0, t + 4);
        out.push(c);
      }
    }
  });
  return { bytes: Buffer.concat(out), copies, shift };
}
