-- The cases of data fidelity (issue 4). dbo.fidelity: one row per group of values, every type
-- of the type table (docs/type-mapping.md) with its NULL in row 4, and the text that
-- PostgreSQL cannot hold in rows of their own (10, 12, 13) so that rejecting them leaves every
-- other row whole; the large values are built with REPLICATE so that the test can compute what
-- they hold. The types read with a 7th fractional digit, sql_variant and a lone surrogate have
-- tables of their own, so that each concern is a test of its own.
CREATE TABLE dbo.fidelity (
  id int NOT NULL PRIMARY KEY,
  label varchar(40) NOT NULL,
  m money NULL,
  sm smallmoney NULL,
  d28 decimal(28,13) NULL,
  d38 decimal(38,10) NULL,
  d date NULL,
  dt datetime NULL,
  sdt smalldatetime NULL,
  ti tinyint NULL,
  si smallint NULL,
  i int NULL,
  bi bigint NULL,
  b bit NULL,
  r real NULL,
  f float NULL,
  c char(5) NULL,
  vc varchar(20) NULL,
  nc nchar(5) NULL,
  nvc nvarchar(20) NULL,
  txt text NULL,
  ntxt ntext NULL,
  nvmax nvarchar(max) NULL,
  vbmax varbinary(max) NULL,
  x xml NULL,
  bin binary(4) NULL,
  vb varbinary(300) NULL,
  img image NULL,
  u uniqueidentifier NULL,
  sv sql_variant NULL,
  e varchar(10) NOT NULL,
  rv rowversion NOT NULL
)
GO

INSERT INTO dbo.fidelity (id, label, m, sm, d28, d38, d, dt, sdt, ti, si, i, bi, b,
  r, f, c, vc, nc, nvc, txt, ntxt, nvmax, vbmax, x, bin, vb, img, u, sv, e) VALUES
(1, 'typical', 7082761.69, 0.6116, -67723280.0928298500000,
  1234567890123456789012345678.0123456789, '0001-01-01', '1753-01-01 00:00:00', '1900-01-01 00:00',
  200, -1, -2147483648, 9223372036854775807, 1, 1.5, 0.1, 'ab', 'plain', N'ção', N'emoji 😀',
  'text', N'ntext ç',
  REPLICATE(CAST(N'ação 😀 ∑xy' AS nvarchar(max)), 10000),
  CAST(LEFT(REPLICATE(CAST('iKSsrRquxB1F4UFMxg2UE15WT2TtAsXOiaGLvWqYdUW7KoOk4Bx7XnPcsvw2LwrmMBIOmjezu0C7gIOVFLtXiKJeQjY9Fb37Vx8CKw2jKjp9UqrM9BihOQDtoq4F9XiWB3wXQRZFgPFCTqnMfQrDdvqtOquJJqf0ZpPopX6Gs0NsqdRvp2EnOdj7e6y3K8YO4sl2F3IQ1E8uh6LNKEPEcHeNHhgFJVLRCUnKGj7DsXUdZXrnXwtS5hFK7v6' AS varchar(max)), 41776), 10485760) AS varbinary(max)),
  CAST(N'<r>' + REPLICATE(CAST(N'<i>a&amp;b ç</i>' AS nvarchar(max)), 4096) + N'</r>' AS xml),
  0x00FF10AB,
  0x000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF,
  0x0102, '6F9619FF-8B86-D011-B42D-00C04FC964FF', CAST(42 AS int), ''),
(2, 'lower ends', -922337203685477.5808, -214748.3648, 0, 0.0000000001, '0099-01-01',
  '1753-01-01 00:00:00.003', '1900-01-01 00:00', 0, -32768, 0, -9223372036854775808,
  0, -3.4E+38, -1.7976931348623157E+308, '', '', N'', N'', '', N'', N'', 0x, NULL, 0x, 0x,
  0x, '00000000-0000-0000-0000-000000000000', N'texto', ''),
(3, 'upper ends', 922337203685477.5807, 214748.3647, 999999999999999.9999999999999,
  9999999999999999999999999999.9999999999, '9999-12-31', '9999-12-31 23:59:59.997',
  '2079-06-06 23:59', 255, 32767, 2147483647, 9223372036854775807, 1, 3.4E+38, 1.7976931348623157E+308, 'abcde',
  'twenty characters xx', N'ÿçãõé', N'ç', 'x', N'y', N'z', 0xFF, NULL, 0xFFFFFFFF, 0xFF,
  0xFF, 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', NULL, ''),
(4, 'every NULL', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, ''),
(10, 'NUL in nvarchar', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, N'a' + NCHAR(0) + N'b', NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, ''),
(12, 'surrogate pair', 296685.43, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, N'a' + NCHAR(0xD83D) + NCHAR(0xDE00) + N'b',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ''),
(13, 'NUL in varchar', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, 'a' + CHAR(0) + 'b', NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, '')
GO

-- A lone surrogate, apart: FreeTDS decodes UTF-16 with iconv, and how the reader hands such a
-- value over is tested on its own.
CREATE TABLE dbo.surrogates (id int NOT NULL PRIMARY KEY, nvc nvarchar(20) NULL)
GO
INSERT INTO dbo.surrogates (id, nvc) VALUES
(1, N'before'),
(2, N'a' + NCHAR(0xD83D) + N'b'),
(3, N'a' + NCHAR(0xD83D) + NCHAR(0xDE00) + N'b'),
(4, N'after')
GO

-- Times with 100 ns: the 7th digit is truncated, never carried (docs/type-mapping.md).
CREATE TABLE dbo.temporal (
  id int NOT NULL PRIMARY KEY,
  dt2 datetime2(7) NULL,
  t7 time(7) NULL,
  dto datetimeoffset(7) NULL,
  dt2_3 datetime2(3) NULL,
  t0 time(0) NULL
)
GO
INSERT INTO dbo.temporal (id, dt2, t7, dto, dt2_3, t0) VALUES
(1, '2020-01-01 23:59:59.9999999', '23:59:59.9999999', '2021-03-01 10:00:00.1234567 +05:30',
  '2020-01-01 23:59:59.999', '23:59:59'),
(2, '0001-01-01 00:00:00.0000000', '00:00:00.0000001', '0001-01-01 00:00:00.0000000 +00:00',
  '0001-01-01 00:00:00.001', '00:00:00'),
(3, '9999-12-31 23:59:59.9999990', '12:34:56.1234565', '9999-12-31 23:59:59.9999990 +14:00',
  '9999-12-31 23:59:59.999', '12:34:56'),
(4, NULL, NULL, NULL, NULL, NULL)
GO

-- sql_variant holds values of several base types; each arrives as its text.
CREATE TABLE dbo.variants (id int NOT NULL PRIMARY KEY, sv sql_variant NULL)
GO
INSERT INTO dbo.variants (id, sv) VALUES
(1, CAST(42 AS int)),
(2, N'texto'),
(3, CAST('2024-05-31' AS date)),
(4, NULL),
(5, CAST('2024-05-31 13:45:10.997' AS datetime)),
(6, CAST('2024-05-31 13:45' AS smalldatetime)),
(7, CAST('2020-01-01 23:59:59.9999999' AS datetime2(7))),
(8, CAST('2024-05-31 10:00:00.123' AS datetime2(3))),
(9, CAST('12:34:56.1234567' AS time(7))),
(10, CAST('2021-03-01 10:00:00.1234567 +05:30' AS datetimeoffset(7))),
(11, CAST(7082761.69 AS money)),
(12, CAST(0.6116 AS smallmoney)),
(13, CAST(-67723280.0928298500000 AS decimal(28,13))),
(14, CAST(0.1 AS float)),
(15, CAST(-1.7976931348623157e308 AS float)),
(16, CAST(0x00FF10 AS varbinary(3))),
(17, CAST('6F9619FF-8B86-D011-B42D-00C04FC964FF' AS uniqueidentifier)),
(18, CAST(1 AS bit)),
(19, N'emoji 😀 ação'),
(20, CAST(REPLICATE('x', 5000) AS varchar(8000))),
(21, CAST(9223372036854775807 AS bigint)),
(22, CAST(1.5 AS real))
GO
