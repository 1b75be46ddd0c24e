-- Names that break naive quoting (issue 4 and 5): a table and columns whose names hold ],
-- ", ;, --, spaces, reserved words and letters outside ASCII, with a composite key made of
-- two of them. Loaded by mssql-sim --script into the login's database (cobranca).
CREATE TABLE [dbo].[tab]]le "q"; -- ação]
(
    [key]] "id"; --] INT NOT NULL,
    [order] INT NOT NULL,
    [select] NVARCHAR(20) NULL,
    [ação] VARCHAR(20) NULL,
    [Ωμέγα] NVARCHAR(20) NULL,
    [col with  spaces] DECIMAL(10,2) NULL,
    [st"at;us] TINYINT NOT NULL,
    CONSTRAINT [PK "odd"] PRIMARY KEY ([key]] "id"; --], [order])
);
GO
INSERT INTO [dbo].[tab]]le "q"; -- ação] ([key]] "id"; --], [order], [select], [ação], [Ωμέγα],
    [col with  spaces], [st"at;us]) VALUES
(1, 1, N'um', 'pão', N'ωμέγα', 1.50, 0),
(1, 2, N'dois', 'ação', N'Ωμέγα', -2.25, 0),
(2, 1, N'três', NULL, N'λ', NULL, 0),
(3, 7, N'quatro; --', 'x]y', N'"quoted"', 1000.00, 0),
(4, 1, N'cinco', 'a''b', NULL, 0.01, 0),
(5, 3, NULL, 'fim', N'Ω', 99999999.99, 0)
GO
