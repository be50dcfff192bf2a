//! The zip container of a model bundle: writing its files as one zip that is the same bytes
//! for the same files, and reading the wanted files back out of any zip.
//!
//! rawzip reads and writes the archive's structure; the compression is miniz_oxide's deflate
//! (the share links' too) and the checksum the `crc` crate's CRC-32 with a 1 KB table. (The
//! `zip` crate used before brought its own code and crc32fast's 16 KB table into the page's
//! wasm, about 30 KB of the gzip download.)

use crate::error::{BundleError, Result};
use std::io::Write;

/// CRC-32 as zip uses it (ISO-HDLC: polynomial 0x04C11DB7, reflected, initial and final XOR
/// 0xFFFFFFFF).
const CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// Deflate level of the written entries (zlib's default).
const LEVEL: u8 = 6;

/// Entries over this many bytes are deflated at [`LARGE_LEVEL`].
const LARGE_BYTES: usize = 8 << 20;

/// Deflate level of large entries: on the trees of the default forest on 100,000 rows (56 MB,
/// `examples/tree_bundle_size.rs`) level 1 takes 0.4 s natively and level 6 about 5 s, for a
/// zip 19 % larger (23 MB instead of 19 MB).
const LARGE_LEVEL: u8 = 1;

/// The deflate level of an entry of `len` bytes.
fn level(len: usize) -> u8 {
    if len > LARGE_BYTES {
        LARGE_LEVEL
    } else {
        LEVEL
    }
}

/// `files` as one zip, in order: each deflated (level 6, or 1 over 8 MiB), with no timestamp and
/// mode 0644, so the same files give the same bytes.
///
/// # Errors
/// [`BundleError::Damaged`] if rawzip refuses an entry (a name over 65,535 bytes).
pub fn write(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| BundleError::Damaged(format!("the zip cannot be written: {e}"));
    let mut out = Vec::new();
    let mut archive = rawzip::ZipArchiveWriter::new(&mut out);
    for (name, bytes) in files {
        let crc = CRC32.checksum(bytes);
        let packed = miniz_oxide::deflate::compress_to_vec(bytes, level(bytes.len()));
        // The CRC is given, so rawzip's own CRC code (and its 16 KB table) is never used.
        let (mut entry, _) = archive
            .new_file(name.as_str())
            .compression_method(rawzip::CompressionMethod::DEFLATE)
            .unix_permissions(0o644)
            .crc32(rawzip::Crc32Option::Custom(crc))
            .start()
            .map_err(|e| fail(&e))?;
        entry.write_all(&packed).map_err(|e| fail(&e))?;
        entry.finish(rawzip::DataDescriptorOutput::new(crc, bytes.len() as u64)).map_err(|e| fail(&e))?;
    }
    archive.finish().map_err(|e| fail(&e))?;
    Ok(out)
}

/// The files of the zip `bytes` whose name (the part after the last `/`) is one of `wanted`,
/// unpacked and checked against their CRC-32 and size, as `(path in the zip, bytes)`.
///
/// # Errors
/// [`BundleError::Foreign`] for bytes that are not a zip; [`BundleError::Damaged`] for an
/// entry that cannot be read, is compressed other than stored or deflated, unpacks to more
/// than `max_bytes`, or fails its checksum.
pub fn read(bytes: &[u8], wanted: &[&str], max_bytes: u64) -> Result<Vec<(String, Vec<u8>)>> {
    let archive =
        rawzip::ZipArchive::from_slice(bytes).map_err(|e| BundleError::Foreign(format!("not a zip file: {e}")))?;
    let mut entries = archive.entries();
    let mut files = Vec::new();
    for i in 0.. {
        let damaged = |e: &dyn std::fmt::Display| BundleError::Damaged(format!("zip entry {i}: {e}"));
        let Some(entry) = entries.next_entry().map_err(|e| damaged(&e))? else { break };
        let name = String::from_utf8_lossy(entry.file_path().as_bytes()).into_owned();
        if entry.is_dir() || !wanted.iter().any(|w| name.rsplit('/').next() == Some(*w)) {
            continue;
        }
        let local = archive.get_entry(entry.wayfinder()).map_err(|e| damaged(&e))?;
        let too_big = || BundleError::Damaged(format!("`{name}` unpacks to more than {} MiB", max_bytes >> 20));
        let data = match entry.compression_method() {
            rawzip::CompressionMethod::STORE if local.data().len() as u64 > max_bytes => return Err(too_big().into()),
            rawzip::CompressionMethod::STORE => local.data().to_vec(),
            rawzip::CompressionMethod::DEFLATE => {
                let limit = usize::try_from(max_bytes).unwrap_or(usize::MAX);
                miniz_oxide::inflate::decompress_to_vec_with_limit(local.data(), limit).map_err(|e| {
                    if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
                        too_big()
                    } else {
                        BundleError::Damaged(format!("`{name}` in the zip cannot be unpacked ({})", e.status as i32))
                    }
                })?
            }
            other => {
                return Err(BundleError::Damaged(format!(
                    "`{name}` is compressed with {other}; only stored and deflated files are read"
                ))
                .into())
            }
        };
        let found = rawzip::ZipVerification { crc: CRC32.checksum(&data), uncompressed_size: data.len() as u64 };
        local
            .claim_verifier()
            .valid(found)
            .map_err(|e| BundleError::Damaged(format!("`{name}` in the zip is damaged: {e}")))?;
        files.push((name, data));
    }
    Ok(files)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        // The catalogue's check value: CRC-32 of the ASCII digits "123456789".
        assert_eq!(CRC32.checksum(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn round_trip_is_deterministic_and_reads_only_wanted_files() {
        let files = vec![
            ("model.json".to_string(), b"{\"a\": 1}\n".repeat(100)),
            ("notes.txt".to_string(), b"not wanted".to_vec()),
            ("model.safetensors".to_string(), (0..=255u8).cycle().take(5000).collect()),
        ];
        let zip = write(&files).unwrap();
        assert_eq!(zip, write(&files).unwrap());
        assert!(zip.starts_with(b"PK\x03\x04"));
        let back = read(&zip, &["model.json", "model.safetensors"], 1 << 20).unwrap();
        assert_eq!(back, vec![files[0].clone(), files[2].clone()]);
    }

    #[test]
    fn large_entries_are_deflated_fast() {
        assert_eq!((level(1000), level(8 << 20), level((8 << 20) + 1)), (6, 6, 1));
    }

    #[test]
    fn reads_a_zip_made_by_another_tool() {
        // Python's zipfile: a folder entry, a deflated and a stored file in it, and a file not
        // wanted (tests/golden/foreign_tool.zip, made with timestamps and no data descriptors).
        let zip = include_bytes!("../../tests/golden/foreign_tool.zip");
        let back = read(zip, &["model.json", "model.safetensors"], 1 << 20).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].0, "my model/model.json");
        assert_eq!(back[0].1, b"{\"hello\": \"deflated\"}\n".repeat(50));
        assert_eq!(back[1].0, "my model/model.safetensors");
        assert_eq!(back[1].1, (0..=255u8).collect::<Vec<u8>>());
    }

    #[test]
    fn caps_and_checksums_are_enforced() {
        let files = vec![("model.json".to_string(), vec![b'x'; 10_000])];
        let zip = write(&files).unwrap();
        let err = read(&zip, &["model.json"], 1000).unwrap_err().to_string();
        assert!(err.contains("unpacks to more than"), "{err}");
        // Flip the stored CRC in the central directory: the entry no longer verifies.
        let mut bad = zip.clone();
        let cd = bad.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bad[cd + 16] ^= 0xFF;
        let err = read(&bad, &["model.json"], 1 << 20).unwrap_err().to_string();
        assert!(err.contains("damaged"), "{err}");
        assert!(read(b"not a zip at all", &["model.json"], 1 << 20).unwrap_err().to_string().contains("not a zip"));
    }
}
