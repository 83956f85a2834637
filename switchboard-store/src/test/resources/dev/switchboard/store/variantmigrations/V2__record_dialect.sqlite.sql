INSERT INTO things (id, dialect) VALUES (1, 'sqlite');
