//! Every byte the command line prints goes through here.
//!
//! `println!` panics when its reader has gone (`verordening render x | head`): the standard
//! library ignores SIGPIPE, so the write fails with `BrokenPipe` and the macro turns that into
//! a panic. Here a closed stream is a normal end: later output to it is dropped and the command
//! finishes with its own exit code. Any other write failure (a full disk) is reported once on
//! stderr at the end and turns the exit code into 2.

use super::Exit;
use std::fmt;
use std::io::{self, ErrorKind, Write};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// Write to stdout, without a newline.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::console::write($crate::cli::console::Stream::Out, format_args!($($arg)*)) };
}

/// Write a line to stdout.
macro_rules! outln {
    () => { out!("\n") };
    ($($arg:tt)*) => { out!("{}\n", format_args!($($arg)*)) };
}

/// Write to stderr, without a newline.
macro_rules! err {
    ($($arg:tt)*) => { $crate::cli::console::write($crate::cli::console::Stream::Err, format_args!($($arg)*)) };
}

/// Write a line to stderr.
macro_rules! errln {
    ($($arg:tt)*) => { err!("{}\n", format_args!($($arg)*)) };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

const OPEN: u8 = 0;
/// The reader went away: nothing more is written, and that is not an error.
const CLOSED: u8 = 1;
/// Writing failed for another reason (see `FAILURE`).
const FAILED: u8 = 2;

/// Why writing failed, in Dutch (the system's own text is English).
pub fn write_reason(e: &io::Error) -> &'static str {
    match e.kind() {
        ErrorKind::StorageFull => "de schijf is vol",
        ErrorKind::PermissionDenied => "geen toegang",
        ErrorKind::ReadOnlyFilesystem => "het bestandssysteem is alleen-lezen",
        ErrorKind::NotFound => "de map bestaat niet",
        _ => "schrijffout",
    }
}

static STATE: [AtomicU8; 2] = [AtomicU8::new(OPEN), AtomicU8::new(OPEN)];
static FAILURE: OnceLock<&'static str> = OnceLock::new();

fn state(stream: Stream) -> &'static AtomicU8 {
    match stream {
        Stream::Out => &STATE[0],
        Stream::Err => &STATE[1],
    }
}

fn record(stream: Stream, e: &io::Error) {
    if e.kind() == ErrorKind::BrokenPipe {
        state(stream).store(CLOSED, Ordering::Relaxed);
    } else {
        state(stream).store(FAILED, Ordering::Relaxed);
        let _ = FAILURE.set(write_reason(e));
    }
}

pub fn write(stream: Stream, args: fmt::Arguments<'_>) {
    if state(stream).load(Ordering::Relaxed) != OPEN {
        return;
    }
    let result = match stream {
        Stream::Out => io::stdout().lock().write_fmt(args),
        Stream::Err => io::stderr().lock().write_fmt(args),
    };
    if let Err(e) = result {
        record(stream, &e);
    }
}

/// Flush what is still buffered and settle the exit code: the command's own, or 2 when the
/// output could not be written for a reason other than a closed pipe.
pub fn finish(exit: Exit) -> Exit {
    if state(Stream::Out).load(Ordering::Relaxed) == OPEN {
        if let Err(e) = io::stdout().lock().flush() {
            record(Stream::Out, &e);
        }
    }
    if state(Stream::Out).load(Ordering::Relaxed) == FAILED {
        let reason = FAILURE.get().copied().unwrap_or("schrijffout");
        errln!("fout: de uitvoer kan niet worden geschreven: {reason}");
        return Exit::Usage;
    }
    exit
}
