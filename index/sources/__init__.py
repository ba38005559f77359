"""Readers for every input newsdesk accepts, one small module per kind of input.

`raw` reads bytes (gzip transparently, encodings detected); `records` reads txt/md/json/jsonl;
`html` extracts an article from a web page (trafilatura + htmldate); `xml` dispatches NITF and
NewsML-G2; `warc` reads web archives; `feeds` parses RSS/Atom; `fetch` is the only module that
touches the network, and only for URLs the user gave; `language` names a text's language.
"""
