"""Pure helpers shared by the site parsers: text, dates, metadata, bylines."""
