-- A table with planted values that PostgreSQL cannot hold as they are, for `etl run --dry-run`:
-- NUL in nvarchar (ids 2, 5, 8) and varchar (ids 3, 8), and 7th fractional digits in
-- datetime2(7) (ids 1, 2, 4, 8, 9) and time(7) (ids 4, 9). Row 8 fails in two columns.
CREATE TABLE dbo.planted (
  id int NOT NULL PRIMARY KEY,
  name nvarchar(30) NULL,
  note varchar(30) NULL,
  at datetime2(7) NULL,
  t time(7) NULL,
  amount money NULL
)
GO
INSERT INTO dbo.planted (id, name, note, at, t, amount) VALUES
(1, N'ok', 'ok', '2024-01-01 10:00:00.1234567', '10:00:00', 1.00),
(2, N'a' + NCHAR(0) + N'b', 'ok', '2024-01-01 10:00:00.0000001', '10:00:00', 2.00),
(3, N'ok', 'x' + CHAR(0), '2024-01-01 10:00:00', '10:00:00', 3.00),
(4, N'ok', 'ok', '2024-01-01 10:00:00.9999995', '10:00:00.0000005', 4.00),
(5, NCHAR(0), 'ok', '2024-01-01 10:00:00', '10:00:00', 5.00),
(6, N'ok', 'ok', '2024-01-01 10:00:00.1234560', '10:00:00.1234560', 6.00),
(7, N'ok', 'ok', NULL, NULL, NULL),
(8, N'x' + NCHAR(0) + N'y' + NCHAR(0), 'a' + CHAR(0), '2024-01-01 10:00:00.0000009', '10:00:00', 8.00),
(9, N'ok', 'ok', '2024-01-01 10:00:00.5555555', '23:59:59.9999999', 9.00),
(10, N'ok', 'ok', '2024-01-01 00:00:00', '00:00:00', 10.00)
GO
