//! Writes a rate table as CSV in the format [`super::read_rates_csv`]
//! reads, every cell formula-guarded.

use pbx_domain::rating::Rate;

use super::RATE_COLUMNS;
use crate::CsvWriter;

/// The CSV bytes of `rates` (UTF-8 with a byte-order mark, CRLF lines).
pub fn write_rates_csv(rates: &[Rate]) -> std::io::Result<Vec<u8>> {
    let mut writer = CsvWriter::with_bom(Vec::with_capacity(rates.len() * 40 + 64))?;
    writer.header(RATE_COLUMNS)?;
    for rate in rates {
        writer.row([
            rate.prefix.to_string(),
            rate.description.clone(),
            rate.per_minute.to_string(),
            rate.connection_fee.to_string(),
            rate.billing.to_string(),
        ])?;
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::read_rates_csv;

    #[test]
    fn an_export_reads_back_to_the_same_rates() {
        let table = read_rates_csv(
            b"prefix,description,per_minute,connection_fee,billing\n44,=HYPERLINK(\"x\"),0.0125,0.05,60/60\n1,-US,1,0,30/6\n",
        )
        .unwrap();
        let bytes = write_rates_csv(table.rates()).unwrap();
        assert_eq!(read_rates_csv(&bytes).unwrap(), table);
    }

    #[test]
    fn a_description_that_looks_like_a_formula_is_quoted() {
        let table = read_rates_csv(b"prefix,description,per_minute\n44,=1+1,1\n").unwrap();
        let text = String::from_utf8(write_rates_csv(table.rates()).unwrap()).unwrap();
        assert!(text.contains("'=1+1"), "{text}");
    }
}
