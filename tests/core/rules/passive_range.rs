//! Reading the `--passive-range` option.

#[test]
fn passive_range_parsing() {
    use ftp_explorer::diagnose::parse_range;
    assert_eq!(parse_range("50000-50010"), Ok((50000, 50010)));
    assert_eq!(parse_range(" 1 - 65535 "), Ok((1, 65535)));
    assert_eq!(parse_range("7-7"), Ok((7, 7)));
    assert!(parse_range("5-1")
        .unwrap_err()
        .to_string()
        .contains("above"));
    for bad in ["0-10", "1-65536", "50000", "a-b", "", "-5", "5-"] {
        assert!(parse_range(bad).is_err(), "{bad}");
    }
}
