//! Reply framing (RFC 959 §4.2): a reply is three digits followed by a space (last line) or a hyphen
//! (first line of a multi-line reply, which runs until a line with the same code and a space).

use super::error::{show_char, DecodeError, ErrorCode, Span};

/// One line of a reply's text, with where it starts in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReplyLine<'a> {
    /// The line after its `ddd ` / `ddd-` prefix (or the whole line, for a middle line without one).
    pub text: &'a str,
    /// Byte offset of `text` in the decoded input.
    pub offset: usize,
}

/// A framed reply. Unknown codes are kept, not rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply<'a> {
    pub code: u16,
    pub lines: Vec<ReplyLine<'a>>,
    /// Span of the code on the first line.
    pub code_span: Span,
}

impl Reply<'_> {
    pub fn is_multiline(&self) -> bool {
        self.lines.len() > 1
    }
}

/// Lines of `input` with their byte offsets and without their line ending (`\n` or `\r\n`).
pub fn lines_with_offsets(input: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    input.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        (start, line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Does `line` start with a reply code (three ASCII digits)?
pub fn starts_with_code(line: &str) -> bool {
    line.len() >= 3 && line.as_bytes()[..3].iter().all(u8::is_ascii_digit)
}

fn code_of(line: &str) -> u16 {
    line.as_bytes()[..3]
        .iter()
        .fold(0u16, |v, b| v * 10 + u16::from(b - b'0'))
}

/// Frame `input` (one reply, possibly multi-line) into code and lines.
pub fn parse_reply(input: &str) -> Result<Reply<'_>, DecodeError> {
    let mut lines = lines_with_offsets(input).filter(|(_, l)| !l.trim().is_empty());
    let Some((first_at, first)) = lines.next() else {
        return Err(DecodeError::new(
            ErrorCode::EmptyInput,
            Span::new(0, input.len()),
            "nothing to decode",
        ));
    };
    if !starts_with_code(first) {
        return Err(DecodeError::new(
            ErrorCode::BadReplyFraming,
            Span::new(first_at, first_at + first.len().min(3)),
            "a reply starts with a three-digit code",
        ));
    }
    let code = code_of(first);
    let code_span = Span::new(first_at, first_at + 3);
    let sep = first[3..].chars().next();
    match sep {
        None | Some(' ') => {
            let text = first.get(4..).unwrap_or("");
            let reply = Reply {
                code,
                lines: vec![ReplyLine {
                    text,
                    // "227" alone: the (empty) text starts at the end of the line, not past it.
                    offset: first_at + first.len().min(4),
                }],
                code_span,
            };
            if let Some((at, extra)) = lines.next() {
                return Err(DecodeError::new(
                    ErrorCode::BadReplyFraming,
                    Span::new(at, at + extra.len()),
                    format!("the reply ended on its first line ('{code} ' with a space marks the last line); this line is extra"),
                ));
            }
            Ok(reply)
        }
        Some('-') => {
            let mut out = vec![ReplyLine {
                text: &first[4..],
                offset: first_at + 4,
            }];
            for (at, raw) in lines {
                // A code line may be indented (pasted from an indented log): skip the blanks.
                let lead = raw.len() - raw.trim_start().len();
                let (at, line) = (at + lead, &raw[lead..]);
                if starts_with_code(line) && code_of(line) == code {
                    match line[3..].chars().next() {
                        None | Some(' ') => {
                            out.push(ReplyLine {
                                text: line.get(4..).unwrap_or(""),
                                offset: at + line.len().min(4),
                            });
                            return Ok(Reply {
                                code,
                                lines: out,
                                code_span,
                            });
                        }
                        Some('-') => {
                            out.push(ReplyLine {
                                text: &line[4..],
                                offset: at + 4,
                            });
                            continue;
                        }
                        _ => {}
                    }
                }
                out.push(ReplyLine {
                    text: raw,
                    offset: at - lead,
                });
            }
            Err(DecodeError::new(
                ErrorCode::UnterminatedMultiline,
                code_span,
                format!("multi-line reply '{code}-' never ends: its last line must start with '{code} ' (code and a space)"),
            ))
        }
        Some(c) => {
            let at = first_at + 3;
            Err(DecodeError::new(
                ErrorCode::BadReplyFraming,
                Span::new(at, at + c.len_utf8()),
                format!(
                    "a reply code is three digits followed by a space or a hyphen; found {}",
                    show_char(c)
                ),
            ))
        }
    }
}

/// Split pasted text into separate inputs: each multi-line reply (`ddd-` … `ddd `) is one input, every
/// other non-blank line is one input. Returns each input's span in `text`.
pub fn split_inputs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(u16, usize)> = None; // multi-line reply in progress: code, start
    for (at, line) in lines_with_offsets(text) {
        let end = at + line.len();
        if let Some((code, start)) = open {
            let l = line.trim_start();
            let closes = starts_with_code(l)
                && code_of(l) == code
                && matches!(l[3..].chars().next(), None | Some(' '));
            if closes {
                out.push(Span::new(start, end));
                open = None;
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let code_line = line.trim_start();
        if starts_with_code(code_line) && code_line[3..].starts_with('-') {
            open = Some((code_of(code_line), at));
        } else {
            out.push(Span::new(at, end));
        }
    }
    if let Some((_, start)) = open {
        out.push(Span::new(start, text.trim_end().len().max(start)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_multi_line_framing() {
        let r = parse_reply("227 Entering Passive Mode (1,2,3,4,5,6)\r\n").unwrap();
        assert_eq!((r.code, r.lines.len(), r.lines[0].offset), (227, 1, 4));
        let r = parse_reply("211-Features:\r\n EPSV\r\n211-more\r\n211 End").unwrap();
        assert_eq!(r.code, 211);
        assert_eq!(
            r.lines.iter().map(|l| l.text).collect::<Vec<_>>(),
            ["Features:", " EPSV", "more", "End"]
        );
        assert_eq!(parse_reply("227").unwrap().lines[0].text, "");
    }

    #[test]
    fn framing_errors() {
        assert_eq!(
            parse_reply("2270 x").unwrap_err().code,
            ErrorCode::BadReplyFraming
        );
        assert_eq!(
            parse_reply("227-a\n228 b").unwrap_err().code,
            ErrorCode::UnterminatedMultiline
        );
        assert_eq!(
            parse_reply("227 a\n227 b").unwrap_err().span,
            Span::new(6, 11)
        );
        assert_eq!(parse_reply("").unwrap_err().code, ErrorCode::EmptyInput);
    }

    #[test]
    fn split_groups_multiline_replies_and_skips_blank_lines() {
        let text = "PASV\n\n227-a\nb\n227 c\nEPSV\n229-unfinished";
        let parts: Vec<&str> = split_inputs(text)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(parts, ["PASV", "227-a\nb\n227 c", "EPSV", "229-unfinished"]);
    }
}
