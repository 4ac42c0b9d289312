"""Event loops the way tutorials wrote them before Python 3.7."""
import asyncio


async def compute(x):
    await asyncio.sleep(0)
    loop = asyncio.get_event_loop()
    return x * 2, loop is asyncio.get_running_loop()


async def gather_all():
    return await asyncio.gather(compute(1), compute(2))


def run_twice():
    loop = asyncio.get_event_loop()
    first = loop.run_until_complete(compute(10))
    second = loop.run_until_complete(asyncio.gather(compute(3), compute(4)))
    return first, second


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(gather_all()))
    print(run_twice())
    print(asyncio.iscoroutinefunction(compute), asyncio.iscoroutinefunction(print))
    event_loop = asyncio.get_event_loop()
    try:
        print(event_loop.run_until_complete(compute(21)))
    finally:
        event_loop.close()
