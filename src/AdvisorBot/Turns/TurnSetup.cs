namespace AdvisorBot.Turns;

public static class TurnSetup
{
    /// <summary>The one turn runner every channel uses, and its options ("Turns" section).</summary>
    public static IServiceCollection AddTurns(this IServiceCollection services)
    {
        services.AddOptions<TurnOptions>().BindConfiguration(TurnOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TurnRunner>();
        return services;
    }
}
