"""Small helpers every part of the crawler uses: stat names, secrets kept out of logs,
optional extras, a compact set of 64-bit keys."""
