//! Guesses the delimiter of a CSV file from its first lines.

/// The delimiters recognised, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many lines are looked at.
const SAMPLE_LINES: usize = 20;

/// The delimiter whose count per line is highest on the header line and
/// steadiest over the next lines; `,` when none appears.
pub fn detect_delimiter(text: &str) -> u8 {
    let lines = sample_lines(text);
    let mut best = (b',', 0usize, 0usize);
    for delimiter in DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| count(l, delimiter)).collect();
        let header = counts.first().copied().unwrap_or(0);
        if header == 0 {
            continue;
        }
        let steady = counts.iter().filter(|&&c| c == header).count();
        if (steady, header) > (best.1, best.2) {
            best = (delimiter, steady, header);
        }
    }
    best.0
}

/// The first non-blank logical lines (a quoted line break does not end one).
fn sample_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => {
                let line = &text[start..i];
                if !line.trim().is_empty() {
                    lines.push(line);
                    if lines.len() == SAMPLE_LINES {
                        return lines;
                    }
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        lines.push(&text[start..]);
    }
    lines
}

/// Occurrences of `delimiter` outside double quotes.
fn count(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_supported_delimiter_is_detected() {
        assert_eq!(detect_delimiter("number,name\n100,A\n"), b',');
        assert_eq!(detect_delimiter("number;name\n100;A, B\n"), b';');
        assert_eq!(detect_delimiter("number\tname\n100\tA\n"), b'\t');
        assert_eq!(detect_delimiter("number|name\n100|A\n"), b'|');
    }

    #[test]
    fn a_delimiter_inside_quotes_does_not_count() {
        assert_eq!(detect_delimiter("\"a,b,c\";x\n\"1,2,3\";y\n"), b';');
    }

    #[test]
    fn a_single_column_file_uses_a_comma() {
        assert_eq!(detect_delimiter("number\n100\n101\n"), b',');
    }
}
