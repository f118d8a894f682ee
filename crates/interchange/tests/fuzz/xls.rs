//! XLS compound files from random BIFF structure: sheet lists with wrong
//! offsets, shared strings split over CONTINUE records (wide and narrow),
//! counts that lie, cells of every kind with indexes and positions out of
//! range, dimension claims, formulas with and without their strings, nested
//! substreams, record lengths past the end, BOF versions nobody writes,
//! and byte flips in the compound file's header, FAT and directory.

use pbx_interchange::hostile::xls::{
    bof, compound_file, dimensions, label_sst, number, record, sst,
};

use super::rng::Rng;

fn cells(rng: &mut Rng, out: &mut Vec<u8>, strings: u32) {
    label_sst(out, 0, 0, 0);
    label_sst(out, 0, 1, 1);
    if rng.one_in(4) {
        dimensions(out, 0, rng.next() as u32, rng.next() as u16);
    }
    let count = rng.size(30_000);
    for i in 0..count {
        let row = if rng.one_in(50) {
            rng.next() as u16
        } else {
            1 + (i / 8) as u16
        };
        let col = if rng.one_in(80) {
            rng.next() as u16
        } else {
            (i % 8) as u16
        };
        match rng.below(9) {
            0 => label_sst(out, row, col, rng.below(u64::from(strings) + 3) as u32),
            1 => label_sst(out, row, col, 2),
            2 => number(out, row, col, f64::from_bits(rng.next())),
            3 => {
                let mut data = vec![0u8; 6];
                data[..2].copy_from_slice(&row.to_le_bytes());
                data[2..4].copy_from_slice(&col.to_le_bytes());
                data.extend((rng.next() as u32).to_le_bytes());
                record(out, 0x027E, &data);
            }
            4 => {
                let mut data = Vec::new();
                data.extend(row.to_le_bytes());
                data.extend(col.to_le_bytes());
                for _ in 0..rng.size(300) {
                    data.extend([0x0F, 0]);
                    data.extend((rng.next() as u32).to_le_bytes());
                }
                data.extend(col.wrapping_add(3).to_le_bytes());
                record(out, 0x00BD, &data);
            }
            5 => {
                let mut data = Vec::new();
                data.extend(row.to_le_bytes());
                data.extend(col.to_le_bytes());
                data.extend([0x0F, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
                data.extend([0u8; 6]);
                record(out, 0x0006, &data);
                if rng.one_in(2) {
                    let len = rng.size(20_000) as u16;
                    let mut s = len.to_le_bytes().to_vec();
                    s.push(u8::from(rng.one_in(2)));
                    s.extend(std::iter::repeat_n(b'x', rng.size(9000) as usize));
                    record(out, 0x0207, &s);
                }
            }
            6 => {
                let mut data = Vec::new();
                data.extend(row.to_le_bytes());
                data.extend(col.to_le_bytes());
                data.extend([0x0F, 0]);
                let len = rng.size(400) as u16;
                data.extend(len.to_le_bytes());
                data.push(u8::from(rng.one_in(2)));
                data.extend(std::iter::repeat_n(b'L', rng.size(800) as usize));
                record(out, 0x0204, &data);
            }
            7 => {
                bof(out, 0x0020);
                if !rng.one_in(3) {
                    record(out, 0x000A, &[]);
                }
            }
            _ => {
                let len = rng.size(8224) as u16;
                out.extend(rng.next().to_le_bytes()[..2].iter());
                out.extend(len.to_le_bytes());
                out.extend(std::iter::repeat_n(0u8, rng.size(u64::from(len)) as usize));
            }
        }
    }
}

pub fn generate(rng: &mut Rng) -> Vec<u8> {
    let long = "s".repeat(rng.size(40_000) as usize);
    let strings_count = rng.size(20_000) as usize;
    let mut strings: Vec<String> = vec!["number".into(), "name".into(), long];
    for i in 0..strings_count.min(2_000) {
        strings.push(format!("v{i}"));
    }
    let refs: Vec<&str> = strings.iter().map(String::as_str).collect();
    let mut tail = Vec::new();
    sst(&mut tail, &refs);
    if rng.one_in(6) {
        let cut = rng.below(tail.len() as u64) as usize;
        tail.truncate(cut);
    }
    record(&mut tail, 0x000A, &[]);
    let mut stream = Vec::new();
    let version: u16 = *rng.pick(&[0x0600, 0x0600, 0x0600, 0x0500, 0x0400, 0x1234]);
    let mut first = version.to_le_bytes().to_vec();
    first.extend([0x05, 0x00]);
    first.extend([0u8; 12]);
    record(&mut stream, 0x0809, &first);
    let sheets = 1 + rng.size(50) as usize;
    let bound_len = 4 + 8 + 2;
    let sheet_at = stream.len() + sheets * bound_len + tail.len();
    for i in 0..sheets {
        let offset = if rng.one_in(10) {
            rng.next() as u32
        } else {
            sheet_at as u32
        };
        let mut data = offset.to_le_bytes().to_vec();
        data.extend([0, if rng.one_in(10) { 2 } else { 0 }, 2, 0]);
        data.extend(format!("{:02}", i % 100).as_bytes());
        record(&mut stream, 0x0085, &data);
    }
    stream.extend(tail);
    bof(&mut stream, 0x0010);
    cells(rng, &mut stream, strings.len() as u32);
    record(&mut stream, 0x000A, &[]);
    let mut file = compound_file(&stream);
    if rng.one_in(5) {
        // Header, first FAT sector and directory live in the first sectors.
        let count = 1 + rng.size(24) as usize;
        let end = file.len().min(4096);
        rng.flip(&mut file[..end], 0, count);
    }
    if rng.one_in(8) {
        let cut = rng.below(file.len() as u64 + 1) as usize;
        file.truncate(cut);
    }
    file
}
