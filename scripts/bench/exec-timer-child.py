"""The --exec timing helper: runs one command at a time and reports its wall time and rusage.

Why Python: Node cannot wait for a child with wait4(), so it cannot read the child's own
rusage (user and system CPU time, peak RSS); getrusage(RUSAGE_CHILDREN) is not exposed
either, and /proc/<pid>/stat is gone once libuv has reaped the child. This helper spawns
with posix_spawn (vfork-like: no copy of a large parent's page tables, so less overhead than
Node's fork, measured in scripts/perf/exec-vs-hyperfine.ts) and reaps with os.wait4(), whose
rusage is exactly that child's and its reaped descendants'. Standard library only.

Protocol: one JSON object per line on stdin, {"argv": [...], "timeoutMs": N}, or the line
"abort" (kill the running command); one JSON line per command on stdout:
{"wallMs", "exitCode", "signal", "startedAt", "failure", "reason", "userMs", "systemMs",
"maxRssKiB"}. The command's stdin, stdout and stderr are /dev/null, as with hyperfine -N. It
runs in its own process group, so a timeout or an abort kills everything it started. EOF on
stdin (the parent died) kills the running command and ends the helper.
"""

import json
import os
import select
import shutil
import signal
import sys
import time

DEVNULL = os.open(os.devnull, os.O_RDWR)
STDIO = [(os.POSIX_SPAWN_DUP2, DEVNULL, fd) for fd in (0, 1, 2)]
# Ctrl-C reaches the whole foreground process group; the parent decides (it sends "abort").
signal.signal(signal.SIGINT, signal.SIG_IGN)


# The program's path, looked up once: a PATH search inside the timed region would try every
# folder of a long PATH (npx prepends several) with a failing execve on each run.
PROGRAMS = {}


def program(name):
    if name not in PROGRAMS:
        PROGRAMS[name] = name if "/" in name else shutil.which(name)
    if PROGRAMS[name] is None:
        raise FileNotFoundError(2, "No such file or directory (not found on PATH)")
    return PROGRAMS[name]


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Lines:
    """Lines from fd 0, unbuffered, so select() on the fd never misses one already read."""

    def __init__(self):
        self.buffer = b""
        self.eof = False

    def fill(self):
        """Reads what is there (the caller checked with select) into the buffer."""
        data = os.read(0, 65536)
        self.eof = data == b""
        self.buffer += data

    def peek(self):
        """The next complete line, not consumed; None if there is none yet."""
        if b"\n" not in self.buffer:
            return None
        return self.buffer.split(b"\n", 1)[0].decode().strip()

    def read(self):
        """The next line without its newline, or None at EOF; blocks until one arrives."""
        while b"\n" not in self.buffer and not self.eof:
            self.fill()
        if b"\n" not in self.buffer:
            return None
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode().strip()


def reply(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def run(request, stdin):
    argv = request["argv"]
    timeout_s = request["timeoutMs"] / 1000
    started_at = time.time() * 1000
    t0 = time.perf_counter_ns()
    try:
        pid = os.posix_spawn(program(argv[0]), argv, os.environ, file_actions=STDIO, setpgroup=0)
    except OSError as error:
        wall_ms = (time.perf_counter_ns() - t0) / 1e6
        reason = f"cannot run {argv[0]}: {error.strerror} ({error.__class__.__name__})"
        reply(wallMs=wall_ms, exitCode=None, signal=None, startedAt=started_at, failure="spawn-error",
              reason=reason, userMs=None, systemMs=None, maxRssKiB=None)
        return True
    pidfd = os.pidfd_open(pid)
    failure = None
    alive = True
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            # Only "abort" (or EOF: the parent is gone) matters while a command runs; any other
            # line waits for the next request.
            queued = stdin.peek()
            if queued == "abort" or stdin.eof:
                if queued == "abort":
                    stdin.read()
                failure = "aborted"
                alive = not stdin.eof
                kill_group(pid)
                break
            left = deadline - time.monotonic()
            if left <= 0:
                failure = "timeout"
                kill_group(pid)
                break
            watched = [pidfd] if queued is not None else [pidfd, 0]
            ready = select.select(watched, [], [], left)[0]
            if pidfd in ready:
                break
            if 0 in ready:
                stdin.fill()
    finally:
        os.close(pidfd)
    _, status, usage = os.wait4(pid, 0)
    wall_ms = (time.perf_counter_ns() - t0) / 1e6
    # Whatever the command left in its group dies with it.
    kill_group(pid)
    exit_code = os.waitstatus_to_exitcode(status)
    sig = None
    if exit_code < 0:
        sig = signal.Signals(-exit_code).name
        exit_code = None
    if failure is None and exit_code != 0:
        failure = "exit-code"
    reply(wallMs=wall_ms, exitCode=exit_code, signal=sig, startedAt=started_at, failure=failure, reason=None,
          userMs=usage.ru_utime * 1000, systemMs=usage.ru_stime * 1000, maxRssKiB=usage.ru_maxrss)
    return alive


def main():
    stdin = Lines()
    while True:
        line = stdin.read()
        if line is None:
            return
        if line in ("", "abort"):
            continue
        if not run(json.loads(line), stdin):
            return


main()
