//! PostgreSQL's binary `COPY … TO STDOUT` format, read as it streams in: a
//! signature and header, then per row a field count and per field a length
//! (−1 for NULL) and the value's bytes, then −1 as the end. Rows may be split
//! across chunks in any way.

use crate::{Result, StoreError};

const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// Reads rows of a fixed number of fields.
pub(crate) struct BinaryRows {
    state: State,
    /// The unread tail of the previous chunk: an incomplete row.
    rest: Vec<u8>,
}

struct State {
    fields: usize,
    header: bool,
    done: bool,
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("COPY-uitvoer van PostgreSQL onleesbaar: {what}"))
}

fn i16_at(data: &[u8], at: usize) -> Option<i16> {
    Some(i16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn i32_at(data: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

impl BinaryRows {
    pub(crate) fn new(fields: usize) -> BinaryRows {
        BinaryRows {
            state: State {
                fields,
                header: false,
                done: false,
            },
            rest: Vec::new(),
        }
    }

    /// Takes the next chunk and hands every row completed by it to `each`.
    pub(crate) fn feed(
        &mut self,
        chunk: &[u8],
        each: &mut impl FnMut(&[Option<&[u8]>]) -> Result<()>,
    ) -> Result<()> {
        if self.rest.is_empty() {
            // The usual case (one row per chunk): no copying.
            let used = self.state.rows(chunk, each)?;
            self.rest.extend_from_slice(&chunk[used..]);
        } else {
            let mut data = std::mem::take(&mut self.rest);
            data.extend_from_slice(chunk);
            let used = self.state.rows(&data, each)?;
            data.drain(..used);
            self.rest = data;
        }
        Ok(())
    }

    /// After the last chunk: was the end marker there, with nothing after it?
    pub(crate) fn finish(&self) -> Result<()> {
        if !self.state.done || !self.rest.is_empty() {
            return Err(bad("afgebroken"));
        }
        Ok(())
    }
}

impl State {
    /// Reads the complete rows at the start of `data`; returns the bytes used.
    fn rows(
        &mut self,
        data: &[u8],
        each: &mut impl FnMut(&[Option<&[u8]>]) -> Result<()>,
    ) -> Result<usize> {
        let mut pos = 0;
        if !self.header {
            // Signature, flags, length of the header extension, the extension.
            let Some(ext) = i32_at(data, SIGNATURE.len() + 4) else {
                return Ok(0);
            };
            if !data.starts_with(SIGNATURE) {
                return Err(bad("geen binaire COPY"));
            }
            let end = SIGNATURE.len() + 8 + usize::try_from(ext).map_err(|_| bad("kop"))?;
            if data.len() < end {
                return Ok(0);
            }
            pos = end;
            self.header = true;
        }
        let mut fields: Vec<Option<&[u8]>> = Vec::with_capacity(self.fields);
        loop {
            if self.done {
                return if pos == data.len() {
                    Ok(pos)
                } else {
                    Err(bad("gegevens na het einde"))
                };
            }
            let Some(count) = i16_at(data, pos) else {
                return Ok(pos);
            };
            if count == -1 {
                self.done = true;
                pos += 2;
                continue;
            }
            if usize::try_from(count).ok() != Some(self.fields) {
                return Err(bad(&format!(
                    "{count} velden in een rij, {} verwacht",
                    self.fields
                )));
            }
            let mut p = pos + 2;
            fields.clear();
            for _ in 0..self.fields {
                let Some(len) = i32_at(data, p) else {
                    return Ok(pos);
                };
                p += 4;
                if len < 0 {
                    fields.push(None);
                    continue;
                }
                let end = p + len as usize;
                let Some(value) = data.get(p..end) else {
                    return Ok(pos);
                };
                fields.push(Some(value));
                p = end;
            }
            each(&fields)?;
            pos = p;
        }
    }
}

/// A NULL or a big-endian integer of 2, 4 or 8 bytes.
pub(crate) fn int(field: Option<&[u8]>) -> Result<Option<i64>> {
    let Some(b) = field else {
        return Ok(None);
    };
    Ok(Some(match b.len() {
        8 => i64::from_be_bytes(b.try_into().map_err(|_| bad("getal"))?),
        4 => i64::from(i32::from_be_bytes(b.try_into().map_err(|_| bad("getal"))?)),
        2 => i64::from(i16::from_be_bytes(b.try_into().map_err(|_| bad("getal"))?)),
        n => return Err(bad(&format!("getal van {n} bytes"))),
    }))
}

/// A NULL or UTF-8 text.
pub(crate) fn text(field: Option<&[u8]>) -> Result<Option<&str>> {
    field
        .map(|b| std::str::from_utf8(b).map_err(|_| bad("tekst is geen UTF-8")))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binary COPY stream of rows of (bigint, text).
    fn stream(rows: &[(Option<i64>, Option<&str>)]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend(0_i32.to_be_bytes());
        out.extend(4_i32.to_be_bytes());
        out.extend(b"ext!");
        for (n, t) in rows {
            out.extend(2_i16.to_be_bytes());
            match n {
                Some(n) => {
                    out.extend(8_i32.to_be_bytes());
                    out.extend(n.to_be_bytes());
                }
                None => out.extend((-1_i32).to_be_bytes()),
            }
            match t {
                Some(t) => {
                    out.extend((t.len() as i32).to_be_bytes());
                    out.extend(t.as_bytes());
                }
                None => out.extend((-1_i32).to_be_bytes()),
            }
        }
        out.extend((-1_i16).to_be_bytes());
        out
    }

    fn read(data: &[u8], chunk: usize) -> Result<Vec<(Option<i64>, Option<String>)>> {
        let mut rows = BinaryRows::new(2);
        let mut out = Vec::new();
        for c in data.chunks(chunk) {
            rows.feed(c, &mut |f| {
                out.push((int(f[0])?, text(f[1])?.map(str::to_string)));
                Ok(())
            })?;
        }
        rows.finish()?;
        Ok(out)
    }

    #[test]
    fn rows_come_out_whole_however_the_stream_is_cut() {
        let want = vec![
            (Some(1), Some("vraag".to_string())),
            (None, Some(String::new())),
            (Some(-7), None),
            (Some(i64::MAX), Some("wijk één".to_string())),
        ];
        let borrowed: Vec<(Option<i64>, Option<&str>)> =
            want.iter().map(|(n, t)| (*n, t.as_deref())).collect();
        let data = stream(&borrowed);
        for chunk in [1, 2, 3, 7, 19, 20, 64, data.len()] {
            assert_eq!(read(&data, chunk).unwrap(), want, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_cut_off_or_foreign_stream_is_refused() {
        let data = stream(&[(Some(1), Some("a"))]);
        assert!(read(&data[..data.len() - 2], 5).is_err(), "no end marker");
        assert!(read(&data[..data.len() - 4], 5).is_err(), "half a row");
        let mut extra = data.clone();
        extra.push(0);
        assert!(read(&extra, 5).is_err(), "bytes after the end");
        assert!(read(b"1,vraag\n", 5).is_err(), "text COPY");
        let mut three = data.clone();
        three[SIGNATURE.len() + 12 + 1] = 3;
        assert!(read(&three, 100).is_err(), "wrong field count");
        assert!(int(Some(&[1, 2, 3])).is_err());
        assert!(text(Some(&[0xff, 0xfe])).is_err());
    }
}
