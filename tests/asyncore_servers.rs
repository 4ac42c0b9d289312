//! asyncore servers and clients, migrated to asyncio, behave on CPython 3.14 as the originals
//! do on CPython 3.11: a client (here, in Rust) talks to both over loopback and must see the
//! same replies, and the programs must print the same lines.
//!
//! No timing is guessed: servers bind port 0 and print the port they got before serving; every
//! read waits for the line (or end of stream) it needs, with a generous timeout so that a
//! loaded machine is slow rather than wrong.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

/// How long any single step may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

/// The original programs and their migrated copies.
struct Programs {
    original: tempfile::TempDir,
    migrated: tempfile::TempDir,
}

fn programs() -> Programs {
    let original = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_root().join("tests/programs/asyncore"),
        original.path(),
    );
    std::fs::copy(
        repo_root().join("examples/legacy-project/legacytool/echo_server.py"),
        original.path().join("echo_server.py"),
    )
    .unwrap();
    let migrated = tempfile::tempdir().unwrap();
    copy_dir(original.path(), migrated.path());
    let out = snakeshift(migrated.path(), &["--apply", "--unsafe", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for entry in std::fs::read_dir(migrated.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("import asyncore") && !text.contains("import asynchat"),
            "{} was not migrated:\n{text}",
            path.display()
        );
        assert!(text.contains("import asyncio"), "{}", path.display());
    }
    Programs { original, migrated }
}

/// A running Python program whose stdout lines arrive on a channel.
struct Program {
    child: Child,
    lines: Receiver<String>,
}

impl Program {
    fn start(python: &Path, dir: &Path, script: &str, args: &[&str]) -> Program {
        let mut child = Command::new(python)
            .arg(script)
            .args(args)
            .current_dir(dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONPATH", "")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Program { child, lines: rx }
    }

    /// The next line the program prints.
    fn line(&mut self) -> String {
        match self.lines.recv_timeout(PATIENCE) {
            Ok(line) => line,
            Err(e) => {
                let _ = self.child.kill();
                let mut err = String::new();
                if let Some(mut s) = self.child.stderr.take() {
                    let _ = s.read_to_string(&mut err);
                }
                panic!("no line from the program ({e}); stderr:\n{err}");
            }
        }
    }

    /// Reads the `listening on port N` line servers print once they are bound.
    fn port(&mut self) -> u16 {
        let line = self.line();
        line.rsplit(' ')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("expected `listening on port N`, got {line:?}"))
    }

    /// Waits for the program to exit and returns its remaining output lines and exit code.
    fn finish(mut self) -> (Vec<String>, Option<i32>) {
        let mut rest = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(PATIENCE) {
            rest.push(line);
        }
        let status = self.child.wait().unwrap();
        (rest, status.code())
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Reads up to and including `end`, or to the end of the stream (marked `<EOF>`).
fn read_until(stream: &mut TcpStream, end: &[u8]) -> String {
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(end) {
        match stream.read(&mut byte) {
            Ok(0) => {
                got.extend_from_slice(b"<EOF>");
                break;
            }
            Ok(_) => got.push(byte[0]),
            Err(e) => panic!(
                "reading from the server: {e} (so far {:?})",
                String::from_utf8_lossy(&got)
            ),
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

/// Runs `conversation` against a server program under both interpreters and compares.
fn compare_server(
    programs: &Programs,
    script: &str,
    conversation: fn(&mut Program, u16) -> Vec<String>,
) -> Vec<String> {
    let mut transcripts = Vec::new();
    for (python, dir) in [
        (python311(), programs.original.path().to_path_buf()),
        (python314(), programs.migrated.path().to_path_buf()),
    ] {
        let mut server = Program::start(&python, &dir, script, &["0"]);
        let port = server.port();
        transcripts.push(conversation(&mut server, port));
    }
    assert_eq!(
        transcripts[0], transcripts[1],
        "{script}: the migrated server under 3.14 answered differently from the original under 3.11"
    );
    transcripts.swap_remove(0)
}

fn echo_conversation(_: &mut Program, port: u16) -> Vec<String> {
    let mut log = Vec::new();
    let mut a = connect(port);
    let mut b = connect(port);
    a.write_all(b"hello\n").unwrap();
    log.push(read_until(&mut a, b"\n"));
    b.write_all(b"second client\n").unwrap();
    log.push(read_until(&mut b, b"\n"));
    let big: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    a.write_all(&big).unwrap();
    a.write_all(b"\n").unwrap();
    let echoed = read_until(&mut a, b"\n");
    log.push(format!(
        "{} bytes echoed intact: {}",
        echoed.len(),
        echoed.as_bytes()[..big.len()] == big[..]
    ));
    b.shutdown(Shutdown::Write).unwrap();
    log.push(read_until(&mut b, b"never"));
    a.write_all(b"still here\n").unwrap();
    log.push(read_until(&mut a, b"\n"));
    log
}

fn chat_conversation(_: &mut Program, port: u16) -> Vec<String> {
    let mut log = Vec::new();
    let mut ann = connect(port);
    log.push(read_until(&mut ann, b"\r\n"));
    ann.write_all(b"ann\r\n").unwrap();
    log.push(read_until(&mut ann, b"\r\n"));
    let mut bob = connect(port);
    log.push(read_until(&mut bob, b"\r\n"));
    // The name arrives in two pieces: the terminator is found across reads.
    bob.write_all(b"bo").unwrap();
    bob.flush().unwrap();
    bob.write_all(b"b\r").unwrap();
    bob.write_all(b"\n").unwrap();
    log.push(read_until(&mut bob, b"\r\n"));
    log.push(read_until(&mut ann, b"\r\n"));
    ann.write_all(b"hi bob\r\n/who\r\n").unwrap();
    log.push(read_until(&mut bob, b"\r\n"));
    log.push(read_until(&mut ann, b"\r\n"));
    bob.write_all(b"/quit\r\n").unwrap();
    log.push(read_until(&mut bob, b"\r\n"));
    log.push(read_until(&mut bob, b"\r\n"));
    log.push(read_until(&mut ann, b"\r\n"));
    let mut cy = connect(port);
    log.push(read_until(&mut cy, b"\r\n"));
    cy.write_all("cy\u{e9}\r\n".as_bytes()).unwrap();
    log.push(read_until(&mut cy, b"\r\n"));
    log.push(read_until(&mut ann, b"\r\n"));
    drop(cy);
    log.push(read_until(&mut ann, b"\r\n"));
    log
}

fn upper_conversation(server: &mut Program, port: u16) -> Vec<String> {
    let mut log = Vec::new();
    let mut a = connect(port);
    log.push(server.line());
    log.push(read_until(&mut a, b"\n"));
    a.write_all(b"hello\nwor").unwrap();
    log.push(read_until(&mut a, b"\n"));
    a.write_all(b"ld\n").unwrap();
    log.push(read_until(&mut a, b"\n"));
    let mut b = connect(port);
    log.push(server.line());
    log.push(read_until(&mut b, b"\n"));
    drop(a);
    log.push(server.line());
    b.write_all(&[b'x'; 5000]).unwrap();
    b.write_all(b"\n").unwrap();
    log.push(format!("{} bytes back", read_until(&mut b, b"\n").len()));
    b.shutdown(Shutdown::Write).unwrap();
    log.push(read_until(&mut b, b"never"));
    log.push(server.line());
    log
}

fn broadcast_conversation(server: &mut Program, port: u16) -> Vec<String> {
    let mut log = Vec::new();
    let mut a = connect(port);
    log.push(server.line());
    let mut b = connect(port);
    log.push(server.line());
    a.write_all(b"hi all\n").unwrap();
    log.push(read_until(&mut a, b"\n"));
    log.push(read_until(&mut b, b"\n"));
    b.write_all(b"yo\nand ").unwrap();
    log.push(read_until(&mut a, b"\n"));
    log.push(read_until(&mut b, b"\n"));
    b.write_all(b"more\n").unwrap();
    log.push(read_until(&mut a, b"\n"));
    log.push(read_until(&mut b, b"\n"));
    drop(a);
    log.push(server.line());
    b.write_all(b"alone\n").unwrap();
    log.push(read_until(&mut b, b"\n"));
    log
}

#[test]
fn a_broadcast_server_with_a_list_of_clients_answers_the_same_after_migration() {
    let programs = programs();
    let log = compare_server(&programs, "broadcast_server.py", broadcast_conversation);
    assert_eq!(log[0], "Incoming connection from 127.0.0.1");
    assert!(log.contains(&"client 1 left".to_owned()), "{log:?}");
}

#[test]
fn the_example_echo_server_answers_the_same_after_migration() {
    let programs = programs();
    let log = compare_server(&programs, "echo_server.py", echo_conversation);
    assert_eq!(log[0], "hello\n");
    assert_eq!(log[3], "<EOF>");
}

#[test]
fn an_asynchat_chat_server_answers_the_same_after_migration() {
    let programs = programs();
    let log = compare_server(&programs, "chat_server.py", chat_conversation);
    assert!(log.contains(&"* bob left\r\n".to_owned()), "{log:?}");
}

#[test]
fn a_handle_accept_server_with_an_output_buffer_answers_the_same_after_migration() {
    let programs = programs();
    let log = compare_server(&programs, "upper_server.py", upper_conversation);
    assert!(log.contains(&"connection 1 closed".to_owned()), "{log:?}");
}

/// The client program talks to a server run by the test; returns what the server received
/// and everything the client printed.
fn client_session(python: &Path, dir: &Path, close_early: bool) -> Vec<String> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let commands: &[&str] = if close_early {
        &["ping"]
    } else {
        &["ping", "add 1 2", "quit"]
    };
    let mut args = vec![port.as_str()];
    args.extend(commands);
    let client = Program::start(python, dir, "command_client.py", &args);
    let (mut conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut log = Vec::new();
    for _ in commands {
        let line = read_until(&mut conn, b"\n");
        let reply = if line == "quit\n" {
            "BYE\n".to_owned()
        } else {
            format!("OK {}", line.to_uppercase())
        };
        log.push(format!("server got {line:?}"));
        conn.write_all(reply.as_bytes()).unwrap();
    }
    if close_early {
        drop(conn);
    } else {
        log.push(format!("then {:?}", read_until(&mut conn, b"never")));
    }
    let (lines, code) = client.finish();
    log.extend(lines);
    log.push(format!("exit {code:?}"));
    log
}

#[test]
fn a_handle_connect_client_behaves_the_same_after_migration() {
    let programs = programs();
    for close_early in [false, true] {
        let before = client_session(&python311(), programs.original.path(), close_early);
        let after = client_session(&python314(), programs.migrated.path(), close_early);
        assert_eq!(before, after, "the migrated client behaves differently");
        assert!(
            before.iter().any(|l| l.starts_with("done after")),
            "{before:?}"
        );
    }
}
