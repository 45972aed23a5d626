//! `polder app`: the trainer's page, one self-contained HTML file that runs the model in the
//! browser. The model is the library compiled to WebAssembly (scripts/build-app.sh builds it
//! from source), inlined as base64 and instantiated from the decoded bytes: nothing is fetched,
//! so the file opens from a USB stick or an e-mail attachment with the network off.

use std::path::{Path, PathBuf};

use super::args::AppArgs;
use super::common::bad;

/// The page, with `__POLDER_WASM_BASE64__` where the model goes.
const PAGE: &str = include_str!("app.html");
const SLOT: &str = "__POLDER_WASM_BASE64__";
/// The page's generator mark, by which `app -o` knows an earlier page it may replace.
const MARK: &str = "<meta name=\"generator\" content=\"polder app\">";

/// Standard base64 (RFC 4648, with padding).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page with the model inlined.
pub(crate) fn page(wasm: &[u8]) -> String {
    PAGE.replacen(SLOT, &base64(wasm), 1)
}

fn may_replace(path: &Path, force: bool) -> Result<(), String> {
    use std::io::Read;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot check {}: {e}", path.display())),
    };
    if !meta.file_type().is_file() {
        return Err(format!(
            "-o {} is not a regular file; give the HTML file to write, e.g. polder.html",
            path.display()
        ));
    }
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    if force || String::from_utf8_lossy(&head[..n]).contains(MARK) {
        return Ok(());
    }
    Err(format!(
        "-o {} exists and is not a page `polder app` wrote; choose another file or pass --force to replace it",
        path.display()
    ))
}

/// `polder app`: write the page.
pub(crate) fn app(args: &AppArgs) -> anyhow::Result<()> {
    let wasm = std::fs::read(&args.wasm).map_err(|e| {
        bad(format!(
            "cannot read the model's WebAssembly {}: {e}; build it with scripts/build-app.sh (or: cargo rustc --lib --profile web --target wasm32-unknown-unknown --no-default-features --crate-type cdylib)",
            args.wasm.display()
        ))
    })?;
    if !wasm.starts_with(b"\0asm") {
        return Err(bad(format!(
            "{} is not a WebAssembly module",
            args.wasm.display()
        )));
    }
    let parent = match args.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(bad(format!(
            "cannot write {}: the directory {} does not exist",
            args.out.display(),
            parent.display()
        )));
    }
    may_replace(&args.out, args.force).map_err(bad)?;
    let html = page(&wasm);
    let mut file =
        polder::output::atomic::AtomicFile::create(&args.out).map_err(|e| bad(e.to_string()))?;
    std::io::Write::write_all(&mut file, html.as_bytes())?;
    let written = file.commit()?;
    println!(
        "wrote {} ({} KB, the model {} KB); open it in a browser, no network needed",
        written.display(),
        html.len().div_ceil(1024),
        wasm.len().div_ceil(1024)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_rfc_4648() {
        // the test vectors of RFC 4648, section 10
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn the_page_has_one_slot_and_its_mark_up_front() {
        assert_eq!(PAGE.matches(SLOT).count(), 1);
        assert!(PAGE[..4096.min(PAGE.len())].contains(MARK));
        let p = page(b"\0asm");
        assert!(p.contains("const WASM_BASE64 = \"AGFzbQ==\";") && !p.contains(SLOT));
    }
}
