//! The output streams: colour decided once per stream (`--color`, `NO_COLOR`,
//! `FORCE_COLOR`, a terminal), and a closed pipe (`snakeshift explain x | head`) taken as
//! the reader having seen enough, not as an error.

use crate::args::ColorChoice;
use anstream::AutoStream;
use std::io::{self, IsTerminal, Write};

/// Whether to colour a stream: `--color always|never` decide; otherwise a non-empty
/// `NO_COLOR` turns colour off, a non-empty `FORCE_COLOR` turns it on, and else only a
/// terminal (whose `TERM` is not `dumb`) gets colour.
pub fn colored(flag: ColorChoice, is_terminal: bool) -> bool {
    let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
    match flag {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR") {
                false
            } else if set("FORCE_COLOR") {
                true
            } else {
                is_terminal && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

fn choice(on: bool) -> anstream::ColorChoice {
    if on {
        anstream::ColorChoice::AlwaysAnsi
    } else {
        anstream::ColorChoice::Never
    }
}

/// An output stream as written to: coloured or not, buffered unless it is a terminal.
pub type Stream = Quiet<AutoStream<Box<dyn Write>>>;

/// Stdout, coloured or not; writes after the reader went away are dropped.
pub fn stdout(flag: ColorChoice) -> Stream {
    let terminal = io::stdout().is_terminal();
    stream(io::stdout().lock(), terminal, colored(flag, terminal))
}

/// Stderr, coloured or not.
pub fn stderr(flag: ColorChoice) -> Stream {
    let terminal = io::stderr().is_terminal();
    stream(io::stderr().lock(), terminal, colored(flag, terminal))
}

/// A terminal gets each line as it is written (a prompt, a progress line); a pipe or a file
/// gets blocks: a diff written line by line through the colour stripping cost a system call
/// per piece of line, most of a warm run's system time. Whoever writes to both streams
/// flushes one before writing to the other, so that they stay in order in a shared file.
fn stream(raw: impl Write + 'static, terminal: bool, on: bool) -> Stream {
    let raw: Box<dyn Write> = if terminal {
        Box::new(raw)
    } else {
        Box::new(io::BufWriter::with_capacity(1 << 16, raw))
    };
    Quiet::new(AutoStream::new(raw, choice(on)))
}

/// A writer that stops writing, silently, once the other end of a pipe is closed.
pub struct Quiet<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Quiet<W> {
    pub fn new(inner: W) -> Self {
        Quiet {
            inner,
            closed: false,
        }
    }

    fn guard(&mut self, result: io::Result<usize>, len: usize) -> io::Result<usize> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(len)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.guard(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_closed_pipe_is_not_an_error() {
        let mut w = Quiet::new(Closed);
        assert!(writeln!(w, "hello").is_ok());
        assert!(w.flush().is_ok());
    }

    #[test]
    fn explicit_choices_win() {
        assert!(colored(ColorChoice::Always, false));
        assert!(!colored(ColorChoice::Never, true));
    }
}
