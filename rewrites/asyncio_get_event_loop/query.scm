; Every use of a name or attribute spelled `get_event_loop`; the rewrite keeps those that
; resolve to `asyncio.get_event_loop`.
((attribute attribute: (identifier) @name) @use (#eq? @name "get_event_loop"))
((identifier) @use (#eq? @use "get_event_loop"))
