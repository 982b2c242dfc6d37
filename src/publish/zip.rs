//! The offline ZIP: the whole site in one file, under one folder named like
//! the ZIP, so "Extract all" gives a folder that opens from `file://`.
//! Deterministic: entries sorted by path, every timestamp the build's date
//! (pinned by `SOURCE_DATE_EPOCH`), fixed permissions.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::date::Date;

pub struct ZipBuilder {
    writer: ZipWriter<Cursor<Vec<u8>>>,
    folder: String,
    options: SimpleFileOptions,
}

impl ZipBuilder {
    pub fn new(folder: &str, date: Date) -> ZipBuilder {
        let (y, m, d) = date_parts(date);
        let time = DateTime::from_date_and_time(y, m, d, 0, 0, 0).unwrap_or_default();
        ZipBuilder {
            writer: ZipWriter::new(Cursor::new(Vec::new())),
            folder: folder.to_string(),
            options: SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(time)
                .unix_permissions(0o644),
        }
    }

    /// Adds one file; callers add them in path order.
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.writer
            .start_file(format!("{}/{path}", self.folder), self.options)
            .and_then(|()| self.writer.write_all(bytes).map_err(Into::into))
            .map_err(|e| format!("cannot add {path} to the ZIP: {e}"))
    }

    pub fn finish(self) -> Result<Vec<u8>, String> {
        self.writer
            .finish()
            .map(Cursor::into_inner)
            .map_err(|e| format!("cannot finish the ZIP: {e}"))
    }
}

fn date_parts(date: Date) -> (u16, u8, u8) {
    let iso = date.iso();
    let mut parts = iso.split('-').map(|p| p.parse::<u16>().unwrap_or(1));
    let y = parts.next().unwrap_or(1980).clamp(1980, 2107);
    let m = parts.next().unwrap_or(1) as u8;
    let d = parts.next().unwrap_or(1) as u8;
    (y, m, d)
}
