"""Logging and threading spellings from the Python 2 era."""
import io
import logging
import threading

stream = io.StringIO()
logging.basicConfig(stream=stream, format="%(levelname)s %(name)s %(message)s", level=logging.INFO)
log = logging.getLogger("app")
log.warn("disk %d%% full", 93)
logging.warn("root warning")
logging.getLogger("other").warn("via getLogger")


class Worker(threading.Thread):
    def run(self):
        self.result = self.getName()


done = threading.Event()
cond = threading.Condition()
worker = Worker()
worker.setName("worker-1")
worker.setDaemon(True)
print(worker.isDaemon(), worker.getName(), worker.is_alive())
worker.start()
worker.join()
done.set()
with cond:
    cond.notifyAll()
print(worker.result, done.isSet(), worker.is_alive(), threading.currentThread().getName(), threading.activeCount() >= 1)
print(stream.getvalue().strip())
