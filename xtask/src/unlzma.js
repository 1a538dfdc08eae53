// LZMA decoder (raw LZMA1 stream, the format of the LZMA SDK's LzmaSpec.cpp): `inp` holds the compressed
// bytes; `size` is the decoded length, `lc`, `lp`, `pb` the literal and position parameters it was packed
// with. xtask/src/seal.rs packs the Wasm with `xz --format=raw --lzma1=…`: a third smaller than gzip.
function unlzma(inp, size, lc, lp, pb) {
  const out = new Uint8Array(size);
  // One probability array: isMatch 192, isRep 12, isRepG0 12, isRepG1 12, isRepG2 12, isRep0Long 192,
  // distance slots 256, special distances 114, align 16, two length coders of 514, then the literals.
  const IR = 192, G0 = 204, G1 = 216, G2 = 228, R0L = 240, SL = 432, SP = 688, AL = 802, LN = 818, RL = 1332, LT = 1846;
  const p = new Uint16Array(LT + (0x300 << (lc + lp))).fill(1024);
  let ip = 5, range = 0xFFFFFFFF, code = 0;
  for (let i = 1; i < 5; i++) code = (code << 8 | inp[i]) >>> 0;
  const bit = (i) => {
    const v = p[i], bound = (range >>> 11) * v;
    let b = 0;
    if (code < bound) { range = bound; p[i] = v + (2048 - v >> 5); }
    else { range -= bound; code -= bound; p[i] = v - (v >> 5); b = 1; }
    if (range < 16777216) { range = range * 256 >>> 0; code = (code * 256 + inp[ip++]) >>> 0; }
    return b;
  };
  const tree = (o, n) => { let m = 1; for (let i = 0; i < n; i++) m = m << 1 | bit(o + m); return m - (1 << n); };
  const rtree = (o, n) => { let m = 1, s = 0; for (let i = 0; i < n; i++) { const b = bit(o + m); m = m << 1 | b; s |= b << i; } return s; };
  // A length coder at L: choice, choice2, low (16 × 8), mid (16 × 8), high (256).
  const len = (L, ps) => !bit(L) ? tree(L + 2 + (ps << 3), 3) : !bit(L + 1) ? 8 + tree(L + 130 + (ps << 3), 3) : 16 + tree(L + 258, 8);
  const pbm = (1 << pb) - 1, lpm = (1 << lp) - 1;
  let pos = 0, state = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
  while (pos < size) {
    const ps = pos & pbm;
    if (!bit((state << 4) + ps)) {
      const o = LT + 0x300 * (((pos & lpm) << lc) + ((pos > 0 ? out[pos - 1] : 0) >> (8 - lc)));
      let s = 1;
      if (state >= 7) {
        let m = out[pos - r0 - 1];
        do {
          const mb = m >> 7 & 1; m <<= 1;
          const b = bit(o + ((1 + mb) << 8) + s);
          s = s << 1 | b;
          if (mb !== b) break;
        } while (s < 256);
      }
      while (s < 256) s = s << 1 | bit(o + s);
      out[pos++] = s;
      state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
      continue;
    }
    let n;
    if (bit(IR + state)) {
      if (!bit(G0 + state)) {
        if (!bit(R0L + (state << 4) + ps)) {
          state = state < 7 ? 9 : 11;
          out[pos] = out[pos - r0 - 1]; pos++;
          continue;
        }
      } else {
        let d;
        if (!bit(G1 + state)) d = r1;
        else { if (!bit(G2 + state)) d = r2; else { d = r3; r3 = r2; } r2 = r1; }
        r1 = r0; r0 = d;
      }
      n = len(RL, ps);
      state = state < 7 ? 8 : 11;
    } else {
      r3 = r2; r2 = r1; r1 = r0;
      n = len(LN, ps);
      state = state < 7 ? 7 : 10;
      const ds = tree(SL + ((n < 3 ? n : 3) << 6), 6);
      if (ds < 4) r0 = ds;
      else {
        const k = (ds >> 1) - 1;
        r0 = (2 | ds & 1) << k;
        if (ds < 14) r0 += rtree(SP + r0 - ds - 1, k);
        else {
          let s = 0;
          for (let i = k - 4; i > 0; i--) {
            range >>>= 1;
            if (code >= range) { code -= range; s = (s << 1 | 1) >>> 0; } else s = s << 1 >>> 0;
            if (range < 16777216) { range = range * 256 >>> 0; code = (code * 256 + inp[ip++]) >>> 0; }
          }
          r0 = (r0 + (s << 4 >>> 0) + rtree(AL, 4)) >>> 0;
        }
      }
      if (r0 === 0xFFFFFFFF) break; // the end marker
    }
    if (r0 >= pos) throw new Error('corrupt LZMA data');
    for (n += 2; n > 0 && pos < size; n--, pos++) out[pos] = out[pos - r0 - 1];
  }
  return out;
}
