-- a comment line, skipped
CREATE TABLE things (
    id      INTEGER PRIMARY KEY,
    dialect TEXT NOT NULL
);
