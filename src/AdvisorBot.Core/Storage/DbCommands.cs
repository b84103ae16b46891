using System.Data.Common;

namespace AdvisorBot.Core.Storage;

/// <summary>Commands with <c>@name</c> parameters, the form both backends read.</summary>
internal static class DbCommands
{
    public static DbCommand Command(this DbConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Command(null, sql, parameters);

    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
