//! JSON-RPC framing over a byte stream (`Content-Length: N` headers), tolerant of bad input.
//!
//! lsp-server's own reader stops at the first malformed frame; a server that editors keep
//! running for hours must not. Here a frame that is not JSON is answered with a parse error,
//! JSON that is not a JSON-RPC message with an invalid-request error, and reading goes on.
//! Only the end of the input (or a broken pipe) ends the server.

use lsp_server::{ErrorCode, Message, RequestId};
use serde_json::Value;
use std::io::{self, BufRead, Read, Write};

/// Frames larger than this are skipped unread (the largest source file is 8 MiB; escaped as
/// JSON it stays well below).
pub const MAX_FRAME: usize = 64 << 20;

/// Longest header line kept; longer lines are not headers.
const MAX_HEADER_LINE: u64 = 4096;

#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that could not be understood: answered with this error.
    Invalid {
        code: ErrorCode,
        message: String,
        id: Option<RequestId>,
    },
}

/// Read the next frame. `Ok(None)` at the end of the input.
pub fn read(r: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<usize> = None;
    let mut bad_length = false;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        let n = r.by_ref().take(MAX_HEADER_LINE).read_line(&mut line);
        match n {
            Ok(0) => return Ok(None),
            Ok(_) => {}
            // Not UTF-8: not a header line. Keep scanning for the next frame.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => continue,
            Err(e) => return Err(e),
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between frames are noise.
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = trimmed.split_once(':') {
            if name.trim().eq_ignore_ascii_case("Content-Length") {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_length = true,
                }
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(invalid(
            ErrorCode::ParseError,
            if bad_length {
                "ongeldige Content-Length"
            } else {
                "Content-Length ontbreekt"
            },
            None,
        )));
    };
    if length > MAX_FRAME {
        let skipped = io::copy(&mut r.by_ref().take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(None);
        }
        return Ok(Some(invalid(
            ErrorCode::InvalidRequest,
            "bericht te groot",
            None,
        )));
    }
    let mut body = vec![0; length];
    if let Err(e) = r.read_exact(&mut body) {
        return match e.kind() {
            io::ErrorKind::UnexpectedEof => Ok(None),
            _ => Err(e),
        };
    }
    Ok(Some(decode(&body)))
}

fn invalid(code: ErrorCode, message: &str, id: Option<RequestId>) -> Incoming {
    Incoming::Invalid {
        code,
        message: message.to_string(),
        id,
    }
}

fn decode(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return invalid(
                ErrorCode::ParseError,
                &format!("geen geldige JSON: {e}"),
                None,
            )
        }
    };
    let id = value
        .get("id")
        .and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(_) => invalid(
            ErrorCode::InvalidRequest,
            "geen JSON-RPC-bericht (verwacht een verzoek, melding of antwoord)",
            id,
        ),
    }
}

pub fn write(w: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(w)?;
    w.flush()
}

/// An error response; `id` is null when the request's id could not be read.
pub fn write_error(
    w: &mut impl Write,
    id: Option<&RequestId>,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    let value = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    });
    let text = value.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut r = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        while let Ok(Some(m)) = read(&mut r) {
            out.push(match m {
                Incoming::Message(Message::Request(r)) => format!("request {}", r.method),
                Incoming::Message(Message::Notification(n)) => format!("notification {}", n.method),
                Incoming::Message(Message::Response(_)) => "response".to_string(),
                Incoming::Invalid { code, id, .. } => format!("invalid {} {id:?}", code as i32),
            });
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_are_answered_and_reading_goes_on() {
        let input = [
            frame("{nee"),
            frame(r#"{"jsonrpc":"2.0","id":7,"foo":1}"#),
            "Content-Length: x\r\n\r\n".to_string(),
            "Content-Type: iets\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            "Content-Length: 999\r\n\r\n{".to_string(),
        ]
        .concat();
        assert_eq!(
            frames(&input),
            vec![
                "invalid -32700 None",
                "invalid -32600 Some(RequestId(I32(7)))",
                "invalid -32700 None",
                "invalid -32700 None",
                "notification initialized",
                "request shutdown",
            ]
        );
    }
}
