//! Passwords never leave the reader: `PASS secret` becomes `PASS ****` before any other code sees the line.

/// The line with the argument of any `PASS` command replaced by `****` (the length is not kept either).
pub fn mask_password(line: &str) -> std::borrow::Cow<'_, str> {
    let upper = line.to_ascii_uppercase();
    let mut search = 0;
    while let Some(i) = upper[search..].find("PASS").map(|i| i + search) {
        let before = upper[..i].chars().next_back();
        let word_start = before.is_none_or(|c| !c.is_ascii_alphanumeric());
        let after = &line[i + 4..];
        if word_start && (after.starts_with(' ') || after.starts_with('\t')) {
            let arg_start = i + 5;
            // The argument ends at the line end or, when a quote opens right before `PASS` (ftplib
            // prints repr strings), at the last such quote: a password may itself hold quotes.
            let rest = &line[arg_start..];
            let end = match before.filter(|c| matches!(c, '\'' | '"')) {
                Some(quote) => rest.rfind(quote).map_or(line.len(), |q| arg_start + q),
                None => line.len(),
            };
            let arg = line[arg_start..end].trim_end_matches(['\r', '\n']);
            let arg = arg.strip_suffix("\\r\\n").unwrap_or(arg);
            if arg.is_empty() || arg.bytes().all(|b| b == b'*' || b == b'X') {
                return std::borrow::Cow::Borrowed(line); // already masked by the client
            }
            let tail_start = arg_start + arg.len();
            return std::borrow::Cow::Owned(format!(
                "{}****{}",
                &line[..arg_start],
                &line[tail_start..]
            ));
        }
        search = i + 4;
    }
    std::borrow::Cow::Borrowed(line)
}

#[cfg(test)]
mod tests {
    use super::mask_password;

    #[test]
    fn masks_every_client_spelling() {
        assert_eq!(mask_password("> PASS guest@example.com"), "> PASS ****");
        assert_eq!(mask_password("*cmd* 'PASS secret123'"), "*cmd* 'PASS ****'");
        assert_eq!(
            mask_password("*put* 'PASS secret123\\r\\n'"),
            "*put* 'PASS ****\\r\\n'"
        );
        assert_eq!(
            mask_password("Command:\tPASS hunter2"),
            "Command:\tPASS ****"
        );
        assert_eq!(mask_password("pass letmein"), "pass ****");
        assert_eq!(mask_password("---> PASS XXXX"), "---> PASS XXXX");
        assert_eq!(
            mask_password("< 230 Login successful. PASSWORD ok"),
            "< 230 Login successful. PASSWORD ok"
        );
        assert_eq!(mask_password("> PASV"), "> PASV");
        assert_eq!(mask_password("> PASS it's"), "> PASS ****");
        assert_eq!(mask_password("*cmd* \"PASS it's\""), "*cmd* \"PASS ****\"");
    }
}
