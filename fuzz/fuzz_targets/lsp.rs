//! The language server on any byte stream: frames, JSON-RPC messages, requests on documents.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = std::io::Cursor::new(data.to_vec());
    let _ = verordening::lsp::run(input, std::io::sink());
});
