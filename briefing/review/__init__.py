"""`briefing review`: editors check machine drafts sentence by sentence in the browser.

`screen` (what a screen shows) and `save` (what a save does) are pure functions of the model;
`words` is the word gloss of one sentence; `session` holds the project's articles and reads and
writes the memory and the later marks; `server` is the thin HTTP edge (loopback only, a token on
every request); `assets/` the static page it serves.
"""
