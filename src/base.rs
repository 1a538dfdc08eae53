//! The ground under the ground floor: small pieces every module uses, written once. It imports nothing
//! of the project (`address`, the lowest protocol module, imports only this).
//!
//! - [`named_enum!`](crate::named_enum): an enum whose values have stable kebab-case names (error and
//!   finding codes, scenario knobs, the flow's steps): `ALL`, `as_str`, `from_name`, `names`, `Display`
//!   (unless written by hand) and `Serialize`.
//! - [`Span`]: a byte range into a text, serialised as `[start, end]`.
//! - Words: [`plural`], [`count_word`], [`show_char`], [`wrap`].

use serde::{Serialize, Serializer};

/// An enum whose values are written as stable kebab-case names — in the CLI's flags and JSON, in URLs, in
/// error and finding codes. Generates `ALL` (declaration order), `as_str`, `from_name`, `names` (`a|b|c`
/// for help texts), `Display` (the name) and `Serialize` (the name as a string).
///
/// ```
/// ftp_explorer::named_enum! {
///     /// A colour.
///     pub Colour {
///         /// Like the sky.
///         Blue => "blue",
///         Green => "green",
///     }
/// }
/// assert_eq!(Colour::Blue.as_str(), "blue");
/// assert_eq!(Colour::from_name("green"), Some(Colour::Green));
/// assert_eq!(Colour::names(), "blue|green");
/// assert_eq!(Colour::Green.to_string(), "green");
/// ```
///
/// A second group of values may follow a `;` and a name: the values are the enum's all the same, but
/// `ALL` lists only the first group and the named constant the second (the checker's finding codes and
/// the codes only a packet capture raises, say). `from_name` and `names` know both.
///
/// An enum whose `Display` is written by hand (words for prose, say) starts with `@own_display`: it gets
/// everything above but `Display`.
///
/// ```
/// ftp_explorer::named_enum! {
///     @own_display
///     /// A side.
///     pub Side {
///         Near => "near",
///         Far => "far",
///     }
/// }
/// impl std::fmt::Display for Side {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str(if *self == Side::Near { "this side" } else { "the other side" })
///     }
/// }
/// assert_eq!(Side::from_name("far"), Some(Side::Far));
/// assert_eq!(Side::Far.to_string(), "the other side");
/// ```
#[macro_export]
macro_rules! named_enum {
    (@own_display $(#[$m:meta])* $vis:vis $name:ident {
        $($(#[$vm:meta])* $variant:ident => $text:literal),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $variant,)+ }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The stable kebab-case name that scripts, URLs and JSON use.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
            /// The value named `name` (a name of [`Self::as_str`]), or `None`.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
            /// Every name, for help texts and error messages: `a|b|c`.
            pub fn names() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("|")
            }
        }
        $crate::named_enum!(@serialize $name);
    };
    (@serialize $name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
    ($(#[$m:meta])* $vis:vis $name:ident {
        $($(#[$vm:meta])* $variant:ident => $text:literal),+ $(,)?
        ; $group:ident:
        $($(#[$gm:meta])* $gvariant:ident => $gtext:literal),+ $(,)?
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $variant,)+ $($(#[$gm])* $gvariant,)+ }
        impl $name {
            /// The values of the first group, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The values of the second group, in declaration order.
            pub const $group: &'static [$name] = &[$($name::$gvariant,)+];
            /// The stable kebab-case name that scripts, URLs and JSON use.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ $($name::$gvariant => $gtext,)+ }
            }
            /// The value named `name` (a name of [`Self::as_str`], of either group), or `None`.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().chain(Self::$group).copied().find(|v| v.as_str() == name)
            }
            /// Every name of both groups, for help texts and error messages: `a|b|c`.
            pub fn names() -> String {
                Self::ALL.iter().chain(Self::$group).map(|v| v.as_str()).collect::<Vec<_>>().join("|")
            }
        }
        $crate::named_enum!(@traits $name);
    };
    (@traits $name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
    ($(#[$m:meta])* $vis:vis $name:ident { $($(#[$vm:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $variant,)+ }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The stable kebab-case name that scripts, URLs and JSON use.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
            /// The value named `name` (a name of [`Self::as_str`]), or `None`.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
            /// Every name, for help texts and error messages: `a|b|c`.
            pub fn names() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("|")
            }
        }
        $crate::named_enum!(@traits $name);
    };
}

/// A byte range `[start, end)` into the text that was read. Always on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The same span moved `by` bytes to the right (for text cut out of a larger input).
    pub const fn shift(self, by: usize) -> Self {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// Serialised as `[start, end]`, the shape the CLI's JSON promises.
impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

/// A range of TCP ports `min-max` (1 ≤ min ≤ max ≤ 65535): a server's passive ports, a firewall's
/// opening. The one reader of `MIN-MAX` text in the project ([`PortRange::parse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortRange {
    pub min: u16,
    pub max: u16,
}

/// Why a text is not a port range. Its `Display` says so in a sentence naming the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeError {
    /// The text as given.
    pub text: String,
    pub kind: RangeErrorKind,
}

/// What is wrong with a port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeErrorKind {
    /// Not two whole numbers (digits only) around a `-`.
    Syntax,
    /// A number above 65535.
    TooLarge(u32),
    /// Port 0.
    Zero,
    /// The first port above the second.
    Reversed(u16, u16),
}

impl PortRange {
    /// Read `MIN-MAX` (blanks around the numbers allowed) with 1 ≤ MIN ≤ MAX ≤ 65535.
    pub fn parse(text: &str) -> Result<PortRange, RangeError> {
        let (a, b) = Self::parse_numbers(text)?;
        let error = |kind| RangeError {
            text: text.to_string(),
            kind,
        };
        let (min, max) = match (u16::try_from(a), u16::try_from(b)) {
            (Ok(min), Ok(max)) => (min, max),
            _ => return Err(error(RangeErrorKind::TooLarge(a.max(b)))),
        };
        if min == 0 {
            return Err(error(RangeErrorKind::Zero));
        }
        if min > max {
            return Err(error(RangeErrorKind::Reversed(min, max)));
        }
        Ok(PortRange { min, max })
    }

    /// Only the form of `MIN-MAX`: two whole numbers (digits only, each at most `u32::MAX`) around a
    /// `-`, in any order and size. For a form that says more precisely what is wrong with the values
    /// (a server's range must lie within 1024–65535, say).
    pub fn parse_numbers(text: &str) -> Result<(u32, u32), RangeError> {
        let number = |t: &str| {
            let t = t.trim();
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse::<u32>().ok())
                .flatten()
        };
        text.split_once('-')
            .and_then(|(a, b)| Some((number(a)?, number(b)?)))
            .ok_or_else(|| RangeError {
                text: text.to_string(),
                kind: RangeErrorKind::Syntax,
            })
    }

    /// How many ports the range holds.
    pub fn len(self) -> u32 {
        u32::from(self.max) - u32::from(self.min) + 1
    }

    /// Always false: a range holds at least one port.
    pub fn is_empty(self) -> bool {
        false
    }

    pub fn contains(self, port: u16) -> bool {
        (self.min..=self.max).contains(&port)
    }
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.min, self.max)
    }
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = &self.text;
        match self.kind {
            RangeErrorKind::Reversed(a, b) => {
                write!(
                    f,
                    "'{text}': the first port ({a}) is above the second ({b})"
                )
            }
            _ => write!(
                f,
                "'{text}': expected MIN-MAX with 1 <= MIN <= MAX <= 65535, like 50000-51000"
            ),
        }
    }
}

impl std::error::Error for RangeError {}

/// `""` for one, `"s"` otherwise: `format!("{n} line{}", plural(n))`.
pub const fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// "five", "seven": counts spelled out the way the messages read best (digits from 13 on).
pub fn count_word(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// A character as a message shows it: `'a'`, `a blank`, or `U+0009` for one that does not print.
pub fn show_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("'{c}'")
    } else if c == ' ' {
        "a blank".to_string()
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// What [`wrap`] does with a word longer than a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongWords {
    /// It stands alone on its line, longer than the width (a path, a URL, a command to copy).
    Keep,
    /// It is cut into pieces of the width (text that must fit a box, as in a drawing).
    Break,
    /// A `key=value` word may also break after its `=` (written without a blank between the pieces on
    /// one line); a piece still longer stands alone. A word is never cut elsewhere: an address split over
    /// two lines would read as two numbers (the flow drawings' labels).
    AfterEquals,
}

/// Words of `text` (split at blanks, which collapse) in lines of at most `width` characters, greedily.
/// An empty text gives no line.
pub fn wrap(text: &str, width: usize, long: LongWords) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Lines::default();
    for word in text.split_whitespace() {
        match long {
            LongWords::Keep => lines.add(word.chars().collect(), width, true),
            LongWords::Break => {
                let mut word: Vec<char> = word.chars().collect();
                if word.len() > width {
                    lines.end();
                    while word.len() > width {
                        lines.push(word.drain(..width).collect());
                    }
                }
                if !word.is_empty() {
                    lines.add(word, width, true);
                }
            }
            LongWords::AfterEquals => {
                for (i, piece) in word.split_inclusive('=').enumerate() {
                    lines.add(piece.chars().collect(), width, i == 0);
                }
            }
        }
    }
    lines.end();
    lines.done
}

/// The lines [`wrap`] has written, and the one it is writing (with its length in characters).
#[derive(Default)]
struct Lines {
    done: Vec<String>,
    line: String,
    len: usize,
}

impl Lines {
    /// Add a piece to the line (after a blank when `spaced`), or to a new line when it would not fit.
    fn add(&mut self, piece: Vec<char>, width: usize, spaced: bool) {
        let glue = usize::from(spaced);
        if self.len > 0 && self.len + glue + piece.len() > width {
            self.end();
        }
        if self.len > 0 && spaced {
            self.line.push(' ');
            self.len += 1;
        }
        self.len += piece.len();
        self.line.extend(piece);
    }

    /// End the current line, if it holds anything.
    fn end(&mut self) {
        if !self.line.is_empty() {
            self.done.push(std::mem::take(&mut self.line));
            self.len = 0;
        }
    }

    /// A whole line of its own.
    fn push(&mut self, line: String) {
        self.done.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(plural(1), "");
        assert_eq!(plural(0), "s");
        assert_eq!(plural(2), "s");
        assert_eq!(count_word(0), "no");
        assert_eq!(count_word(12), "twelve");
        assert_eq!(count_word(13), "13");
        assert_eq!(show_char('x'), "'x'");
        assert_eq!(show_char(' '), "a blank");
        assert_eq!(show_char('\t'), "U+0009");
    }

    #[test]
    fn port_ranges() {
        let r = PortRange::parse(" 50000 - 51000 ").unwrap();
        assert_eq!(
            (r.min, r.max, r.len(), r.to_string()),
            (50000, 51000, 1001, "50000-51000".to_string())
        );
        assert!(r.contains(50000) && r.contains(51000) && !r.contains(49999));
        let kind = |t: &str| PortRange::parse(t).unwrap_err().kind;
        assert_eq!(kind("a-b"), RangeErrorKind::Syntax);
        assert_eq!(kind("+1-2"), RangeErrorKind::Syntax);
        assert_eq!(kind("5000"), RangeErrorKind::Syntax);
        assert_eq!(kind("1-70000"), RangeErrorKind::TooLarge(70000));
        assert_eq!(kind("0-10"), RangeErrorKind::Zero);
        assert_eq!(kind("20-10"), RangeErrorKind::Reversed(20, 10));
        assert_eq!(
            PortRange::parse("20-10").unwrap_err().to_string(),
            "'20-10': the first port (20) is above the second (10)"
        );
        assert_eq!(PortRange::parse_numbers("0-99999"), Ok((0, 99999)));
        assert!(PortRange::parse_numbers("1-99999999999").is_err());
    }

    #[test]
    fn wrapping() {
        use LongWords::{AfterEquals, Break, Keep};
        assert_eq!(wrap("", 10, Keep), Vec::<String>::new());
        assert_eq!(wrap("a bb ccc", 4, Keep), ["a bb", "ccc"]);
        assert_eq!(wrap("  a   b  ", 80, Keep), ["a b"]);
        assert_eq!(
            wrap("averyverylongword x", 5, Keep),
            ["averyverylongword", "x"]
        );
        assert_eq!(wrap("é é é", 3, Keep), ["é é", "é"]);
        assert_eq!(
            wrap("ab averyverylongword x", 5, Break),
            ["ab", "avery", "veryl", "ongwo", "rd x"]
        );
        assert_eq!(wrap("abcdefghij", 5, Break), ["abcde", "fghij"]);
        assert_eq!(
            wrap("pasv_address=203.0.113.5 x", 14, AfterEquals),
            ["pasv_address=", "203.0.113.5 x"]
        );
        assert_eq!(wrap("a=b c", 80, AfterEquals), ["a=b c"]);
        assert_eq!(
            wrap("to 198.51.100.200:50000", 5, AfterEquals),
            ["to", "198.51.100.200:50000"]
        );
    }
}
