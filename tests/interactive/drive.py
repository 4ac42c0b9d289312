"""Runs a command in a pseudo-terminal and answers its `Apply this change` prompts.

argv[1] is either a string of keys, one per prompt (`C` sends Ctrl-C; `q` once they run
out), or `ids=KEY/OTHER`: KEY when every rewrite of the change shown is one of the
comma-separated ids, OTHER otherwise (needs --color never). Prints the transcript and exits
with the command's status (128 + signal when killed)."""

import os
import pty
import re
import sys

plan = sys.argv[1]
argv = sys.argv[2:]
keys = None if "=" in plan else list(plan)
if keys is None:
    ids, answers = plan.split("=")
    ids = set(ids.split(","))
    yes, no = answers.split("/")
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
        if keys is not None:
            key = keys.pop(0) if keys else "q"
        else:
            shown = buffer.split(PROMPT)[seen - 1].decode("utf-8", "replace")
            shown = shown.split("\n", 1)[1] if "\n" in shown else shown
            rewrites = set(re.findall(r"^([a-z0-9-]+): ", shown, re.M))
            key = yes if rewrites <= ids else no
        os.write(fd, b"\x03" if key == "C" else key.encode())
_, status = os.waitpid(pid, 0)
sys.stdout.write(buffer.decode("utf-8", "replace").replace("\r\n", "\n"))
if os.WIFSIGNALED(status):
    sys.exit(128 + os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
