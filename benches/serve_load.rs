//! Load benchmark of `verordening serve` (prints figures; not a timed test). Run with
//! `cargo bench --bench serve_load`. It starts the release binary on a free port of
//! 127.0.0.1 and drives it with a small keep-alive HTTP/1.1 client written here (plain
//! sockets, one thread per connection, so the client costs little of the two cores it shares
//! with the server):
//!
//! 1. throughput and latency (p50, p99, p99.9) of `POST /api/v1/regelingen/voorbeeld/beoordelingen`
//!    for a Voorbeeldstad case, over keep-alive connections;
//! 2. the server's resident memory after warm-up and after `SERVE_BENCH_REQUESTS` requests
//!    (default 1,000,000) in all;
//! 3. 1,000 slow clients (each trickling a request one byte at a time) held open while other
//!    clients are served: their throughput and latency;
//! 4. one `beoordelingen:batch` request of `SERVE_BENCH_BATCH_LINES` lines (default
//!    1,000,000), uploaded chunked while the answer is read, on a fresh server: its memory as
//!    it goes.
//!
//! 5. (`inprocess`) the same work without HTTP on one thread, as a baseline for the figures
//!    above on a machine that is shared.
//!
//! Every loop is bounded in count and time, and traffic goes to 127.0.0.1 only.

// A benchmark fails loudly: it may panic and index.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CASE: &str = r#"{"peildatum":"2023-09-01","feiten":{"persoon.doelgroep":"ja","persoon.langdurig_werkloos_of_nieuw":"ja","persoon.leeftijd":"30 jaar","persoon.uitkering":"bijstand"},"oordelen":{"verdringing":"nee"}}"#;
const PATH: &str = "/api/v1/regelingen/voorbeeld/beoordelingen";

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start() -> Server {
        let root = env!("CARGO_MANIFEST_DIR");
        let started = Instant::now();
        // SERVE_BENCH_BINARY: another build of the server (a before/after comparison in one
        // run, under the same load of the machine).
        let binary = std::env::var("SERVE_BENCH_BINARY")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_verordening").to_string());
        let mut child = Command::new(binary)
            .args([
                "serve",
                &format!("{root}/ordinances"),
                "--adres",
                "127.0.0.1:0",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the server: {e}"));
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let addr = line
            .trim()
            .trim_start_matches("luistert op http://")
            .trim_end_matches('/')
            .to_string();
        println!(
            "server on {addr}: listening after {} ms (ordinances/: 4 regelingen)",
            started.elapsed().as_millis()
        );
        Server { child, addr }
    }

    /// The CPU time the server has used (user and system, all its threads), in seconds: per
    /// request, a figure that the other work on a shared machine disturbs less than req/s.
    fn cpu(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // The fields after the command name (which is in parentheses): utime is the 14th
        // field of the line, stime the 15th, in clock ticks (100 per second on Linux).
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let field = |n: usize| {
            rest.split_whitespace()
                .nth(n)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (field(11) + field(12)) / 100.0
    }

    /// (VmRSS, VmHWM) in MiB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
                / 1024.0
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn request_bytes(host: &str) -> Vec<u8> {
    format!(
        "POST {PATH} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{CASE}",
        CASE.len()
    )
    .into_bytes()
}

/// One request on a keep-alive connection; the status.
fn exchange(
    conn: &mut BufReader<TcpStream>,
    req: &[u8],
    line: &mut String,
    body: &mut Vec<u8>,
) -> std::io::Result<u16> {
    conn.get_mut().write_all(req)?;
    line.clear();
    conn.read_line(line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if conn.read_line(line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    body.resize(length, 0);
    conn.read_exact(body)?;
    Ok(status)
}

/// `connections` clients, each sending requests back to back until `total` requests are done
/// (or `limit` has passed); the latencies in microseconds and the elapsed time.
fn drive(addr: &str, connections: usize, total: usize, limit: Duration) -> (Vec<u32>, Duration) {
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    let all = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..connections)
            .map(|_| {
                let next = &next;
                scope.spawn(move || {
                    let mut latencies = Vec::new();
                    let Ok(stream) = TcpStream::connect(addr) else {
                        return latencies;
                    };
                    let _ = stream.set_nodelay(true);
                    let mut conn = BufReader::new(stream);
                    let req = request_bytes(addr);
                    let (mut line, mut body) = (String::new(), Vec::new());
                    while next.fetch_add(1, Ordering::Relaxed) < total && start.elapsed() < limit {
                        let t = Instant::now();
                        match exchange(&mut conn, &req, &mut line, &mut body) {
                            Ok(200) => latencies.push(t.elapsed().as_micros() as u32),
                            Ok(s) => panic!("status {s}: {}", String::from_utf8_lossy(&body)),
                            Err(e) => panic!("connection failed: {e}"),
                        }
                    }
                    latencies
                })
            })
            .collect();
        let mut all = Vec::new();
        for h in handles {
            if let Ok(l) = h.join() {
                all.extend(l);
            }
        }
        all
    });
    (all, start.elapsed())
}

fn report(what: &str, mut lat: Vec<u32>, elapsed: Duration) {
    lat.sort_unstable();
    let pct = |p: f64| -> f64 {
        let i = ((lat.len() as f64 - 1.0) * p).round() as usize;
        lat.get(i).copied().unwrap_or(0) as f64 / 1000.0
    };
    println!(
        "{what}: {} requests in {:.2} s = {:.0} req/s; latency p50 {:.2} ms, p99 {:.2} ms, p99.9 {:.2} ms, max {:.2} ms",
        lat.len(),
        elapsed.as_secs_f64(),
        lat.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        pct(0.999),
        lat.last().copied().unwrap_or(0) as f64 / 1000.0
    );
}

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn throughput_and_memory() {
    let server = Server::start();
    let total = env_count("SERVE_BENCH_REQUESTS", 1_000_000);
    let connections = env_count("SERVE_BENCH_CONNECTIONS", 32);
    let (lat, t) = drive(&server.addr, connections, 20_000, Duration::from_secs(60));
    report("warm-up", lat, t);
    let (rss, _) = server.memory();
    println!("memory after warm-up (20,000 requests): RSS {rss:.1} MiB");
    let measured = 200_000.min(total);
    let cpu = server.cpu();
    let (lat, t) = drive(
        &server.addr,
        connections,
        measured,
        Duration::from_secs(120),
    );
    let done = lat.len();
    report(&format!("keep-alive, {connections} connections"), lat, t);
    let used = server.cpu() - cpu;
    println!(
        "server CPU time: {used:.2} s = {:.0} µs per request ({:.2} of the machine's cores busy)",
        used / done.max(1) as f64 * 1e6,
        used / t.as_secs_f64()
    );
    let (rss_mid, _) = server.memory();
    println!(
        "memory after {} requests: RSS {rss_mid:.1} MiB",
        20_000 + measured
    );
    let rest = total.saturating_sub(20_000 + measured);
    if rest > 0 {
        let (lat, t) = drive(&server.addr, connections, rest, Duration::from_secs(600));
        let done = lat.len();
        report("the rest", lat, t);
        let (rss_end, hwm) = server.memory();
        println!(
            "memory after {} requests: RSS {rss_end:.1} MiB (peak {hwm:.1} MiB)",
            20_000 + measured + done
        );
    }
}

fn slow_clients() {
    let server = Server::start();
    let n = env_count("SERVE_BENCH_SLOW", 1000);
    // Each slow client has sent part of a request line and sends one more byte now and then.
    let mut slow = Vec::new();
    for _ in 0..n {
        match TcpStream::connect(&server.addr) {
            Ok(mut s) => {
                let _ = s.write_all(b"POST /api/v1/regelingen/voorbeeld/beoordel");
                slow.push(s);
            }
            Err(e) => {
                println!("slow client {}: cannot connect: {e}", slow.len());
                break;
            }
        }
    }
    println!("{} slow clients connected", slow.len());
    let trickle = std::thread::spawn(move || {
        for _ in 0..20 {
            std::thread::sleep(Duration::from_millis(500));
            for s in slow.iter_mut() {
                let _ = s.write_all(b"i");
            }
        }
        slow
    });
    let (lat, t) = drive(&server.addr, 8, 100_000, Duration::from_secs(8));
    report(
        &format!("with {n} slow clients open, 8 other connections"),
        lat,
        t,
    );
    let slow = trickle.join().ok();
    let (rss, _) = server.memory();
    println!(
        "memory with {} slow connections: RSS {rss:.1} MiB",
        slow.map(|s| s.len()).unwrap_or(0)
    );
}

fn batch() {
    let server = Server::start();
    let lines = env_count("SERVE_BENCH_BATCH_LINES", 1_000_000);
    let (rss0, _) = server.memory();
    let stream = TcpStream::connect(&server.addr).unwrap_or_else(|e| panic!("connect: {e}"));
    let mut write_half = stream.try_clone().unwrap_or_else(|e| panic!("clone: {e}"));
    let head = format!(
        "POST /api/v1/regelingen/voorbeeld/beoordelingen:batch HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let start = Instant::now();
    let writer = std::thread::spawn(move || {
        write_half.write_all(head.as_bytes())?;
        let mut chunk = String::new();
        let per_chunk = 500;
        let mut sent = 0;
        while sent < lines {
            chunk.clear();
            for k in 0..per_chunk.min(lines - sent) {
                chunk.push_str(&CASE.replacen('{', &format!("{{\"id\":{},", sent + k), 1));
                chunk.push('\n');
            }
            sent += per_chunk.min(lines - sent);
            write_half.write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes())?;
        }
        write_half.write_all(b"0\r\n\r\n")?;
        Ok::<_, std::io::Error>(sent)
    });
    // Read the answer (chunked), counting lines; sample the server's memory as it goes.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut headers_done = false;
    let mut answered = 0usize;
    let mut samples = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        if !headers_done {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if line.trim_end().is_empty() {
                headers_done = true;
            }
            continue;
        }
        let n = match reader.read(&mut buf) {
            Ok(n) => n,
            Err(_) => break,
        };
        if n == 0 {
            break;
        }
        let before = answered;
        // Count the answer lines: each starts with `{"regel":` (a match may straddle reads).
        let mut window = std::mem::take(&mut carry);
        window.extend_from_slice(&buf[..n]);
        answered += window.windows(9).filter(|w| *w == b"{\"regel\":").count();
        carry = window[window.len().saturating_sub(8)..].to_vec();
        if answered / 100_000 != before / 100_000 {
            let (rss, _) = server.memory();
            samples.push((answered, rss));
        }
        if answered >= lines {
            break;
        }
    }
    let sent = writer.join().ok().and_then(Result::ok).unwrap_or(0);
    let elapsed = start.elapsed();
    let (rss, hwm) = server.memory();
    println!(
        "batch: {sent} lines sent, {answered} answered in {:.1} s = {:.0} lines/s",
        elapsed.as_secs_f64(),
        answered as f64 / elapsed.as_secs_f64()
    );
    println!("batch memory: RSS before {rss0:.1} MiB; while streaming:");
    for (n, m) in samples {
        println!("  after {n:>9} lines: RSS {m:.1} MiB");
    }
    println!("  at the end: RSS {rss:.1} MiB, peak {hwm:.1} MiB");
}

/// The work of a request without HTTP, on one thread of this process: reading and evaluating
/// the case, and the whole answer (report and receipt). The HTTP figures are read against
/// these: on a shared machine their ratio holds better than either alone.
fn in_process() {
    use verordening::eval::report::JsonReport;
    use verordening::eval::Evaluator;
    use verordening::serve::api::{assess, evaluate, parse_case};
    use verordening::serve::catalog::Catalog;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ordinances");
    let catalog = Catalog::open(&root, 1).unwrap_or_else(|e| panic!("{e}"));
    let reg = catalog
        .get("voorbeeld")
        .unwrap_or_else(|| panic!("no voorbeeld"));
    let data = &reg.data;
    let evaluators: Vec<Evaluator<'_>> = data
        .versions
        .iter()
        .map(|v| Evaluator::new(&v.program))
        .collect();
    let n = env_count("SERVE_BENCH_INPROCESS", 20_000);
    let rate = |what: &str, f: &dyn Fn()| {
        for _ in 0..n / 10 {
            f();
        }
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        let per = t.elapsed().as_secs_f64() / n as f64;
        println!(
            "in process, one thread, {what}: {:.0}/s ({:.1} µs each)",
            1.0 / per,
            per * 1e6
        );
    };
    rate("read and evaluate the case", &|| {
        let (tree, i, _) = parse_case(data, CASE).unwrap_or_else(|_| panic!("case"));
        let r = evaluate(&evaluators[i], &tree, CASE).unwrap_or_else(|_| panic!("case"));
        std::hint::black_box(r);
    });
    rate("the whole answer (report and receipt)", &|| {
        let bytes = assess(data, &evaluators, CASE).unwrap_or_else(|_| panic!("case"));
        std::hint::black_box(bytes);
    });
    // The report alone, its constant parts made for it (as `eval` does) or made once at
    // loading (as the server does).
    let (tree, i, _) = parse_case(data, CASE).unwrap_or_else(|_| panic!("case"));
    let (outcomes, peildatum) =
        evaluate(&evaluators[i], &tree, CASE).unwrap_or_else(|_| panic!("case"));
    let version = &data.versions[i];
    let sources = &data.project().sources;
    rate("the report, its constant parts made for it", &|| {
        let r = JsonReport::new(&version.program, sources, peildatum, &outcomes);
        std::hint::black_box(r.to_vec());
    });
    rate("the report, its constant parts made at loading", &|| {
        let r = JsonReport::with_parts(&version.program, &version.parts, peildatum, &outcomes);
        std::hint::black_box(r.to_vec());
    });
    let len = assess(data, &evaluators, CASE)
        .map(|b| b.len())
        .unwrap_or(0);
    println!("an answer is {len} bytes");
}

fn main() {
    // `cargo bench` passes --bench; a filter selects the parts (throughput, slow, batch).
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let want = |part: &str| args.is_empty() || args.iter().any(|a| part.contains(a.as_str()));
    if want("inprocess") {
        in_process();
    }
    if want("throughput") {
        throughput_and_memory();
    }
    if want("slow") {
        slow_clients();
    }
    if want("batch") {
        batch();
    }
}
