-- varchar, char and text columns whose collations use code pages other than 1252, and one
-- UTF-8 collation: each value is stored in its column's code page (mssql-sim converts the
-- N'' literals) and must reach PostgreSQL as the same characters in UTF-8.
CREATE TABLE dbo.code_pages
(
    id INT NOT NULL PRIMARY KEY,
    cyrillic VARCHAR(30) COLLATE Cyrillic_General_CI_AS NULL,
    greek VARCHAR(30) COLLATE Greek_CI_AS NULL,
    polish VARCHAR(30) COLLATE Polish_CI_AS NULL,
    japanese VARCHAR(30) COLLATE Japanese_CI_AS NULL,
    chinese VARCHAR(30) COLLATE Chinese_PRC_CI_AS NULL,
    utf8 VARCHAR(60) COLLATE Latin1_General_100_CI_AS_SC_UTF8 NULL,
    cyrillic_char CHAR(6) COLLATE Cyrillic_General_CI_AS NULL,
    greek_text TEXT COLLATE Greek_CI_AS NULL,
    latin VARCHAR(30) NULL
);
GO
INSERT INTO dbo.code_pages (id, cyrillic, greek, polish, japanese, chinese, utf8, cyrillic_char,
    greek_text, latin) VALUES
(1, N'Съешь же ещё этих булок', N'Καλημέρα κόσμε', N'Zażółć gęślą jaźń', N'日本語のテキスト',
    N'中文测试文本', N'ação Ωμέγα Съешь 日本 😀', N'Да', N'Ελληνικό κείμενο', N'ação café'),
(2, N'ЁЖЯ ёжя', N'ΆΈΉΊΌΎΏ ΐΰ', N'ĄĆĘŁŃÓŚŹŻ', N'ｶﾀｶﾅ ｶﾞ', N'简体字', N'€ ñ 中', N'Ж', N'Ω', N'€'),
(3, '', '', '', '', '', '', '', '', ''),
(4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
GO
