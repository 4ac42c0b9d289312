"""Runs a command in a pseudo-terminal, answering each `Apply this change` prompt with the
next key of argv[1] (`C` sends Ctrl-C). Prints the transcript, exits with the command's
status (128 + signal when killed)."""

import os
import pty
import sys

keys = list(sys.argv[1])
argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
PROMPT = b"[y,n,a,d,q,?]? "
buffer = b""
seen = 0
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    buffer += chunk
    while buffer.count(PROMPT) > seen:
        seen += 1
        key = keys.pop(0) if keys else "q"
        os.write(fd, b"\x03" if key == "C" else key.encode())
_, status = os.waitpid(pid, 0)
sys.stdout.write(buffer.decode("utf-8", "replace").replace("\r\n", "\n"))
if os.WIFSIGNALED(status):
    sys.exit(128 + os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
