"""The canonical two-line script."""
import asyncio


async def main():
    await asyncio.sleep(0)
    return "done"


loop = asyncio.get_event_loop()
result = loop.run_until_complete(main())
loop.close()
print(result)
