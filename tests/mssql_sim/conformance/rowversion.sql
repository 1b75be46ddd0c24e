-- rowversion, loaded after types.sql: the server sets it on every insert, unique and
-- increasing within the database. Apart from types.sql so that a simulator without it still
-- loads every other type.
USE [conformance];
GO
CREATE TABLE [dbo].[versioned]
(
    [id] INT IDENTITY(1,1) NOT NULL,
    [name] NVARCHAR(10) NOT NULL,
    [rv] ROWVERSION NOT NULL,
    CONSTRAINT [PK_versioned] PRIMARY KEY ([id])
);
GO
INSERT INTO [dbo].[versioned] ([name]) VALUES (N'first'), (N'second');
INSERT INTO [dbo].[versioned] ([name]) VALUES (N'third');
GO
