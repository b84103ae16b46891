using AdvisorBot.Core.Flow;
using AdvisorBot.Core.Knowledge;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Flow;

/// <summary>How typed answers are read against the real flow data: keys, labels, numbers, and free
/// text that plainly means one option; anything else is not taken for an answer.</summary>
public sealed class AnswerMatcherTests
{
    private static readonly FlowDefinition Flow = KnowledgeBase.Load(RepositoryPaths.Knowledge).Flow!;

    private static AnswerMatch Match(string step, string text) => AnswerMatcher.Match(Flow.FindStep(step)!, text);

    private static AnswerMatch Read(string step, string text) => AnswerMatcher.Read(Flow, Flow.FindStep(step)!, text);

    /// <summary>The text, matched during the step, plainly means the option.</summary>
    private static void AssertMatches(string step, string text, string option)
    {
        var match = Assert.IsType<AnswerMatch.Matched>(Match(step, text));
        Assert.Equal(option, match.Option.Key);
    }

    [Theory]
    [InlineData("building", "a backend for our mobile app", "api")]
    [InlineData("building", "We need a REST API", "api")]
    [InlineData("building", "a couple of microservices", "microservice")]
    [InlineData("building", "an MVP to show investors", "prototype")]
    [InlineData("building", "a news site for our magazine", "content")]
    [InlineData("building", "the company intranet", "enterprise")]
    [InlineData("building", "a forum for our users", "social")]
    [InlineData("size", "it's not big, fairly small", "small")]
    [InlineData("size", "Huge, with millions of visitors", "large")]
    [InlineData("size", "just a few users", "small")]
    [InlineData("size", "an internal tool for our team", "small")]
    [InlineData("size", "thousands of users eventually", "medium")]
    [InlineData("size", "tons of users hopefully", "large")]
    [InlineData("building", "internal tool for the whole company, hr + finance, ~2000 employees", "enterprise")]
    [InlineData("team", "some of us know flask really well, others have never touched python", "mixed")]
    [InlineData("team", "me and my friend, he's a pro and i'm still learning", "mixed")]
    [InlineData("team", "not beginners, we've put a few apps in production already", "experienced")]
    [InlineData("batteries", "we don't need an admin, i'd rather wire up sqlalchemy myself", "choose")]
    [InlineData("batteries", "no strong opinion on that one", "unsure")]
    // A word that only stresses may stand inside a phrase: "haven't thought about it".
    [InlineData("batteries", "havent really thought about it", "unsure")]
    [InlineData("batteries", "honestly not entirely sure", "unsure")]
    [InlineData("priority", "i like when there's one obvious way to do things", "conventions")]
    [InlineData("priority", "i'd rather the framework make the decisions for me tbh", "conventions")]
    [InlineData("building", "i want build website for sell my handmade clothes, with cart and paying by card", "ecommerce")]
    [InlineData("team", "nobody here has ever built a website before lol", "beginner")]
    [InlineData("team", "we are team of 5 person, everyone have 10+ years in backend", "experienced")]
    [InlineData("priority", "i want to decide everything myself, no magic please", "flexibility")]
    [InlineData("priority", "i hate when frameworks tell me where to put my files", "flexibility")]
    [InlineData("priority", "doesnt really matter to me", "nopreference")]
    [InlineData("size", "a lot of traffic at launch", "large")]
    [InlineData("team", "first time doing web stuff", "beginner")]
    [InlineData("batteries", "I want everything in the box", "builtin")]
    [InlineData("batteries", "keep it minimal", "choose")]
    [InlineData("timeline", "by friday", "tight")]
    [InlineData("timeline", "whenever, it is a hobby", "normal")]
    [InlineData("team", "juniors and seniors together", "mixed")]
    [InlineData("team", "mostly students", "beginner")]
    [InlineData("team", "a seasoned crew", "experienced")]
    [InlineData("team", "just me, I know a bit of python", "beginner")]
    [InlineData("team", "a few old hands", "experienced")]
    [InlineData("timeline", "we need it in two weeks", "tight")]
    [InlineData("batteries", "we'd rather pick our own libraries", "choose")]
    // What a preference puts second is passed over.
    [InlineData("priority", "rather have rules than freedom tbh", "conventions")]
    [InlineData("priority", "control > conventions", "flexibility")]
    [InlineData("priority", "structure over flexibility any day", "conventions")]
    [InlineData("priority", "i'd prefer freedom to rules", "flexibility")]
    [InlineData("team", "some juniors, some veterans", "mixed")]
    [InlineData("team", "some of us know django well, some have never touched python", "mixed")]
    [InlineData("team", "not really a beginner, been writing python for years", "experienced")]
    [InlineData("building", "a page where people upload photos and our classifier labels them", "ml")]
    [InlineData("size", "not that big tbh", "small")]
    [InlineData("size", "not too big, not too small", "medium")]
    // A negation spent on a phrase of its own ("don't really care") denies nothing after it.
    [InlineData("priority", "don't really care either way", "nopreference")]
    // Phrases named one option each, a count that holds one of them settles it.
    [InlineData("size", "moderate, a handful of models and maybe 20 views", "medium")]
    [InlineData("team", "some of us have years of django, others never touched web stuff", "mixed")]
    [InlineData("team", "i've never built a website before tbh", "beginner")]
    [InlineData("team", "half the team is new, the other half really knows their stuff", "mixed")]
    [InlineData("priority", "i hate frameworks telling me how to lay out my code", "flexibility")]
    [InlineData("priority", "freedom to structure it however i like", "flexibility")]
    [InlineData("building", "a tiny standalone service in our k8s cluster that just handles notifications", "microservice")]
    [InlineData("batteries", "the more that comes in the box the better", "builtin")]
    [InlineData("timeline", "we're under a lot of time pressure", "tight")]
    [InlineData("team", "a lead who really knows their stuff and 3 new grads", "mixed")]
    [InlineData("team", "some have done web before, some haven't at all", "mixed")]
    [InlineData("team", "some are new, some know what they're doing", "mixed")]
    [InlineData("priority", "hate frameworks that force a layout on me", "flexibility")]
    [InlineData("batteries", "don't make me hand-roll login", "builtin")]
    [InlineData("building", "tbh just something quick to show investors next month", "prototype")]
    // "Don't want" is spent on the first option's phrase it meets: assembling is denied, not everything.
    [InlineData("batteries", "dont want to assemble everything myself", "builtin")]
    [InlineData("batteries", "we don't want bloat so we can pick what we need", "choose")]
    [InlineData("team", "me and a friend, we're both pretty new to this", "beginner")]
    [InlineData("batteries", "the less setup the better", "builtin")]
    [InlineData("building", "a lil service that sends the emails for the rest of our stack", "microservice")]
    [InlineData("building", "just the server side for our vue app, the frontend is done", "api")]
    [InlineData("building", "pulling invoicing out of our monolith into a separately deployed service", "microservice")]
    [InlineData("team", "a couple of pros, the rest pretty green", "mixed")]
    [InlineData("priority", "i'd structure it my own way, hate being boxed in", "flexibility")]
    [InlineData("team", "only me, i've built websites professionally for years", "experienced")]
    [InlineData("batteries", "haven't really thought about that bit", "unsure")]
    [InlineData("timeline", "no fixed date, next quarter works", "normal")]
    [InlineData("team", "none of them are juniors, they've all shipped big apps", "experienced")]
    [InlineData("size", "we're starting out tiny but expect millions of users within two years", "large")]
    [InlineData("priority", "i want the right way to do things spelled out", "conventions")]
    // "no opinions" would be no preference; going on into "forced", it denies that.
    [InlineData("priority", "no opinions forced on us please", "flexibility")]
    [InlineData("batteries", "I don't know", "unsure")]
    [InlineData("batteries", "not sure yet", "unsure")]
    [InlineData("batteries", "batteries included please", "builtin")]
    [InlineData("timeline", "ASAP", "tight")]
    [InlineData("timeline", "I'm in no rush", "normal")]
    [InlineData("timeline", "it is not urgent", "normal")]
    [InlineData("priority", "freedom to do it my own way", "flexibility")]
    [InlineData("priority", "I don't care", "nopreference")]
    [InlineData("building", "something like shopify", "ecommerce")]
    [InlineData("building", "a chat app for our club", "social")]
    [InlineData("size", "a couple of pages", "small")]
    [InlineData("size", "a few hundred users", "medium")]
    [InlineData("team", "just me, I'm new", "beginner")]
    [InlineData("team", "a bit of both", "mixed")]
    [InlineData("team", "10 years of python each", "experienced")]
    [InlineData("batteries", "give me everything", "builtin")]
    [InlineData("batteries", "i prefer lightweight", "choose")]
    [InlineData("batteries", "dunno", "unsure")]
    [InlineData("timeline", "we needed it yesterday lol", "tight")]
    [InlineData("timeline", "no real deadline", "normal")]
    [InlineData("timeline", "not in a hurry", "normal")]
    [InlineData("priority", "being able to swap parts", "flexibility")]
    [InlineData("priority", "sane defaults", "conventions")]
    [InlineData("priority", "I like things done one way", "conventions")]
    [InlineData("building", "a ui on top of our pytorch model", "ml")]
    [InlineData("building", "like etsy but for art prints", "ecommerce")]
    [InlineData("size", "hundreds of endpoints, several teams working on it", "large")]
    [InlineData("team", "we've shipped a few apps", "experienced")]
    [InlineData("batteries", "hmm hard to say", "unsure")]
    [InlineData("timeline", "whatever gets us to market fastest", "tight")]
    [InlineData("priority", "doesnt matter to me", "nopreference")]
    // A count the option holds, of what it counts.
    [InlineData("size", "maybe 5 endpoints", "small")]
    [InlineData("size", "not huge, maybe 5 endpoints", "small")]
    [InlineData("size", "around 20-30 endpoints, nothing crazy", "medium")]
    [InlineData("size", "10,000 users", "medium")]
    [InlineData("size", "100k users a day", "large")]
    [InlineData("size", "10.5 thousand users", "medium")]
    [InlineData("size", "2.5 million users", "large")]
    [InlineData("size", "1 page", "small")]
    // ... or spelt in words, as chat gives a rough size.
    [InlineData("size", "a couple dozen screens, nothing crazy", "medium")]
    [InlineData("size", "twenty-five endpoints or so", "medium")]
    [InlineData("size", "dozens of endpoints", "medium")]
    [InlineData("size", "a few thousand pages", "large")]
    [InlineData("size", "maybe a dozen pages", "small")]
    [InlineData("size", "three or four screens", "small")]
    // A phrase that names an option comes first: the size it will grow to.
    [InlineData("size", "10k users a day at launch, millions later hopefully", "large")]
    [InlineData("building", "a standalone notification service that talks to our other services over grpc", "microservice")]
    [InlineData("team", "some folks have 10 yrs, others literally just started", "mixed")]
    [InlineData("team", "3 of us are veterans, the other 2 came fresh out of college", "mixed")]
    [InlineData("team", "some ppl are new some are vets", "mixed")]
    [InlineData("team", "just me, i've been doing backend for about a decade", "experienced")]
    [InlineData("timeline", "we launch next month", "tight")]
    [InlineData("building", "a place where the comms team can publish press releases themselves", "content")]
    [InlineData("building", "recipe site, mostly articles + a couple editors posting stuff", "content")]
    [InlineData("batteries", "yes pls, i dont want to wire up auth myself", "builtin")]
    [InlineData("batteries", "we'd rather wire it up ourselves", "choose")]
    [InlineData("priority", "like rails, where there's one right place for everything", "conventions")]
    // Not wanting to be locked in is wanting to choose: the phrase holds its own "not", so the
    // "not" does not deny the choosing it says.
    [InlineData("batteries", "rather not be locked into a specific orm", "choose")]
    [InlineData("batteries", "no lock-in pls, we might swap out the db layer", "choose")]
    [InlineData("batteries", "eh cant decide, both sound ok", "unsure")]
    [InlineData("priority", "strong opinions baked in are good for us, keeps the juniors on track", "conventions")]
    [InlineData("priority", "eh whichever", "nopreference")]
    [InlineData("size", "couple of routes, maybe 3", "small")]
    [InlineData("team", "bit of both, one lead whos done this for years plus a couple interns", "mixed")]
    [InlineData("batteries", "we don't need anything fancy, just routing, we'll add stuff as we go", "choose")]
    [InlineData("batteries", "cant say, never really thought about it", "unsure")]
    [InlineData("timeline", "we have like a month max before the conference", "tight")]
    [InlineData("priority", "freedom to do whatever, hate being boxed in", "flexibility")]
    public void Free_text_that_plainly_means_one_option_is_that_option(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("a couple dozen screens", "24 screens")]
    [InlineData("a couple of dozen pages", "24 pages")]
    [InlineData("thirty-five endpoints", "35 endpoints")]
    [InlineData("hundreds of users", "200 users")]
    [InlineData("a few thousand users", "3000 users")]
    [InlineData("2 dozen views", "24 views")]
    [InlineData("10k users, 20 endpoints", "10k users, 20 endpoints")]
    [InlineData("10.5 thousand users", "10.5 thousand users")]
    [InlineData("1,500 thousand visitors", "1,500 thousand visitors")]
    [InlineData("someone at the station", "someone at the station")]
    public void Counts_spelt_in_words_are_read_as_digits(string text, string read)
    {
        Assert.Equal(read, AnswerMatcher.WithCountsInDigits(text));
    }

    [Theory]
    [InlineData("size", "2", "medium")]
    [InlineData("size", " #3 ", "large")]
    [InlineData("size", "option 1", "small")]
    [InlineData("building", "8.", "social")]
    [InlineData("priority", "NOPREFERENCE", "nopreference")]
    [InlineData("batteries", "i'd rather choose my own", "choose")]
    [InlineData("building", "A content site (blog, news, CMS)", "content")]
    public void A_number_a_key_or_a_label_names_its_option(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("size", "4")]
    [InlineData("size", "0")]
    [InlineData("building", "purple")]
    [InlineData("building", "not a prototype")]
    [InlineData("size", "")]
    [InlineData("batteries", "yes")]
    public void Text_that_names_no_option_is_no_match(string step, string text)
    {
        Assert.IsType<AnswerMatch.NoMatch>(Match(step, text));
    }

    [Theory]
    [InlineData("building", "just the backend api for our shop's mobile app", "api")]
    [InlineData("building", "mvp for a marketplace idea, want to see if anyone signs up", "prototype")]
    [InlineData("building", "a microservice for our online shop", "microservice")]
    public void What_an_answer_is_comes_before_what_it_is_for(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("size", "small team but the app itself will be massive, heavy traffic from day one", "large")]
    [InlineData("size", "we're a big company but this is a tiny internal tool", "small")]
    public void A_size_said_of_the_people_is_not_the_size_of_the_project(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Fact]
    public void A_for_that_says_how_long_is_no_purpose()
    {
        // "for" that says what an answer serves puts what follows second ("an mvp for a
        // marketplace"); "for years" says how long, and the interns after it are still the team.
        AssertMatches("team", "a lead whos done this for years plus some interns", "mixed");
    }

    [Fact]
    public void Two_answers_side_by_side_each_with_its_for_are_both_named()
    {
        // "seniors for the backend and juniors for the frontend" is a mixed team, not seniors.
        AssertMatches("team", "seniors for the backend and juniors for the frontend", "mixed");
    }

    [Theory]
    [InlineData("size", "probably small at first but the plan is lots of traffic within a year", "large")]
    [InlineData("timeline", "no rush for now, but the deadline got moved to next week", "tight")]
    [InlineData("size", "tiny to start with, millions of users next year", "large")]
    public void What_holds_only_at_the_start_gives_way_to_what_comes_later(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("size", "idk honestly, depends if it takes off?")]
    [InlineData("size", "honestly no idea, depends if it blows up")]
    [InlineData("team", "idk, depends who we hire?")]
    [InlineData("priority", "not sure, what's the difference?")]
    [InlineData("timeline", "hmm, hard to say")]
    public void Not_knowing_yet_is_undecided_not_a_question_for_the_articles(string step, string text)
    {
        Assert.IsType<AnswerMatch.Undecided>(Read(step, text));
    }

    [Theory]
    [InlineData("batteries", "not sure")]
    [InlineData("batteries", "idk tbh")]
    [InlineData("batteries", "hmm haven't decided, could go either way")]
    public void Not_knowing_is_the_answer_where_a_step_offers_it(string step, string text)
    {
        var match = Assert.IsType<AnswerMatch.Matched>(Read(step, text));
        Assert.Equal("unsure", match.Option.Key);
    }

    [Theory]
    [InlineData("building", "a brand new app")]
    [InlineData("building", "a new version of our website")]
    [InlineData("building", "something newsy")]
    [InlineData("team", "new hires")]
    [InlineData("size", "it keeps growing")]
    public void Words_only_match_whole_so_a_word_never_means_an_option_through_a_shared_stem(string step, string text)
    {
        Assert.IsType<AnswerMatch.NoMatch>(Match(step, text));
    }

    [Theory]
    [InlineData("timeline", "the deadline isn't tight", "normal")]
    [InlineData("timeline", "deadline is not tight at all", "normal")]
    [InlineData("timeline", "it's not urgent", "normal")]
    [InlineData("timeline", "we don't have plenty of time", "tight")]
    [InlineData("timeline", "we aren't in a hurry", "normal")]
    [InlineData("timeline", "we really aren't in any rush", "normal")]
    [InlineData("size", "not huge, not tiny either", "medium")]
    [InlineData("size", "not small but not large", "medium")]
    // "No preference" and "Not sure" take no side: denying one side chooses the other.
    [InlineData("priority", "we really don't need rules everywhere", "flexibility")]
    [InlineData("batteries", "i don't want a bloated framework", "choose")]
    [InlineData("batteries", "we avoid heavyweight frameworks", "choose")]
    [InlineData("priority", "not a fan of being told how to lay out my project", "flexibility")]
    [InlineData("priority", "not a fan of frameworks telling me how to structure stuff", "flexibility")]
    // A comparison's "than" says what the answer is not: "bigger than a side project" is not small.
    [InlineData("size", "bigger than a side project but not massive", "medium")]
    [InlineData("timeline", "anything other than a tight deadline", "normal")]
    [InlineData("timeline", "nothing urgent, whenever it's ready", "normal")]
    [InlineData("priority", "not too rigid pls, we hate being boxed in", "flexibility")]
    public void Denying_every_option_but_one_is_choosing_it(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("size", "the size isn't big")]
    [InlineData("team", "we're not beginners")]
    // Denied from afar, by "don't want" or a word of dislike: the denial may be of a word between
    // ("locked in"), so the other side is not chosen for it.
    [InlineData("priority", "we don't want to be locked in to one way of doing things")]
    [InlineData("priority", "i hate when a framework decides the structure for me")]
    // "nothing" denies what follows it as "not" does.
    [InlineData("size", "nothing big honestly")]
    [InlineData("building", "none of that enterprise stuff")]
    public void A_phrase_the_clause_denies_does_not_choose_its_option(string step, string text)
    {
        // Three sides, or a denial from afar: the step is asked again rather than guessed.
        Assert.IsType<AnswerMatch.NoMatch>(Match(step, text));
    }

    [Theory]
    [InlineData("nothing but apis", "api")]
    [InlineData("nothing except a blog really", "content")]
    public void Nothing_but_one_thing_is_that_thing(string text, string option)
    {
        AssertMatches("building", text, option);
    }

    [Theory]
    [InlineData("2 juniors and 1 senior")]
    [InlineData("our team lead is senior, the rest are juniors")]
    [InlineData("a couple of seniors and a few interns")]
    public void Naming_both_ends_of_the_team_is_the_mixed_team(string text)
    {
        // The flow data says which option stands for two others named together ("both").
        AssertMatches("team", text, "mixed");
    }

    [Fact]
    public void Naming_two_options_that_no_option_stands_for_together_is_still_ambiguous()
    {
        var match = Assert.IsType<AnswerMatch.Ambiguous>(Match("priority", "structure, but done my own way"));
        Assert.Equal(["flexibility", "conventions"], match.Options.Select(option => option.Key).Order().Reverse());
    }

    [Fact]
    public void A_deadline_that_could_be_next_month_or_next_year_is_asked_about()
    {
        // "next month" is a tight deadline, "next year" a normal one: both named, neither is taken.
        var match = Assert.IsType<AnswerMatch.Ambiguous>(Match("timeline", "depends on the client, could be next month or next year"));
        Assert.Equal(["normal", "tight"], match.Options.Select(option => option.Key).Order());
    }

    [Theory]
    [InlineData("team", "expereinced devs", "experienced")]
    [InlineData("priority", "flexibilty", "flexibility")]
    [InlineData("priority", "convetions please", "conventions")]
    public void A_long_word_with_one_slip_is_the_word_meant(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("size", "smalll", "small")]
    [InlineData("size", "hugeee", "large")]
    [InlineData("size", "mediumish", "medium")]
    public void A_word_stretched_or_hedged_with_ish_is_the_word(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("team", "leaning towards structure")]
    [InlineData("size", "a mall")]
    public void A_short_word_one_letter_from_a_phrase_word_is_not_taken_for_it(string step, string text)
    {
        // "leaning" is one letter from "learning" (beginners), "mall" from "small": at seven
        // letters or fewer, one letter is too often another word, and these are words.
        Assert.IsType<AnswerMatch.NoMatch>(Match(step, text));
    }

    [Theory]
    [InlineData("size", "smal", "small")]
    [InlineData("building", "personal blgo where i write about cooking", "content")]
    public void A_short_slip_that_is_no_word_at_all_is_the_word_meant(string step, string text, string option)
    {
        // "smal" and "blgo" are no English words: the word one slip away is the one meant.
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("building", "a few online shops", "ecommerce")]
    [InlineData("building", "two marketplaces", "ecommerce")]
    [InlineData("team", "new to web development", "beginner")]
    [InlineData("timeline", "several deadlines, all tight", "tight")]
    public void A_phrase_word_also_matches_its_plural(string step, string text, string option)
    {
        AssertMatches(step, text, option);
    }

    [Theory]
    [InlineData("size", "how big is medium?")]
    [InlineData("building", "what counts as a prototype?")]
    [InlineData("timeline", "how tight is \"soon\"?")]
    public void Asking_where_an_options_word_begins_and_ends_asks_for_the_steps_help(string step, string text)
    {
        Assert.IsType<AnswerMatch.OptionAsked>(Read(step, text));
    }

    [Theory]
    [InlineData("size", "maybe medium?", "medium")]
    [InlineData("size", "probably large, lots of traffic?", "large")]
    [InlineData("size", "I think small", "small")]
    [InlineData("size", "what about 2?", "medium")]
    [InlineData("size", "medium-sized, I guess", "medium")]
    [InlineData("building", "an online shop?", "ecommerce")]
    [InlineData("batteries", "maybe built in?", "builtin")]
    [InlineData("batteries", "maybe", "unsure")]
    [InlineData("timeline", "perhaps next week?", "tight")]
    [InlineData("batteries", "whichever is less work i guess?", "builtin")]
    [InlineData("building", "would a model serving page count?", "ml")]
    [InlineData("building", "does a company wiki count as a content site?", "content")]
    public void An_unsure_answer_is_that_answer_not_a_question(string step, string text, string option)
    {
        var match = Assert.IsType<AnswerMatch.Matched>(Read(step, text));
        Assert.Equal(option, match.Option.Key);
        Assert.True(match.Unsure);
    }

    [Theory]
    [InlineData("batteries", "would love login and an admin already there", "builtin")]
    [InlineData("batteries", "would prefer to pick my own libs", "choose")]
    public void A_wish_that_opens_with_would_is_an_answer_not_a_question(string step, string text, string option)
    {
        // "would love ..." opens like "would flask be ...?" but wishes; it asks nothing.
        var match = Assert.IsType<AnswerMatch.Matched>(Read(step, text));
        Assert.Equal(option, match.Option.Key);
    }

    [Fact]
    public void A_plain_answer_is_not_marked_unsure()
    {
        Assert.False(Assert.IsType<AnswerMatch.Matched>(Read("size", "Medium.")).Unsure);
        Assert.False(Assert.IsType<AnswerMatch.Matched>(Read("building", "a backend for our mobile app")).Unsure);
    }

    [Theory]
    [InlineData("building", "Does Flask come with an ORM?")]
    [InlineData("building", "which one is faster for APIs")]
    [InlineData("size", "how does Django handle large traffic?")]
    [InlineData("team", "Django or Flask for a beginner?")]
    [InlineData("size", "maybe Flask scales better for large sites?")]
    [InlineData("building", "any good tutorials you can point me to?")]
    [InlineData("size", "could it grow a lot with Flask")]
    [InlineData("size", "is flask fine for big apps")]
    [InlineData("building", "whats the difference between an api and a microservice?")]
    [InlineData("building", "what's a microservice exactly")]
    [InlineData("batteries", "not sure, does flask come with an orm?")]
    [InlineData("size", "how big is django?")]
    [InlineData("building", "does flask count as a microframework?")]
    public void A_real_question_is_read_as_a_question(string step, string text)
    {
        Assert.IsType<AnswerMatch.Question>(Read(step, text));
    }

    [Theory]
    [InlineData("size", "could grow a lot", "large")]
    [InlineData("size", "will be pretty big", "large")]
    [InlineData("team", "are mostly juniors", "beginner")]
    [InlineData("building", "will be an online shop", "ecommerce")]
    public void An_answer_that_leaves_out_its_subject_is_an_answer_not_a_question(string step, string text, string option)
    {
        // An auxiliary opens it, but a verb or an adverb follows, not a subject as in a question.
        var match = Assert.IsType<AnswerMatch.Matched>(Read(step, text));
        Assert.Equal(option, match.Option.Key);
    }

    [Theory]
    [InlineData("building", "a brand new app")]
    [InlineData("building", "purple")]
    [InlineData("size", "small now, large later?")]
    [InlineData("building", "a booking system i guess?")]
    public void An_unclear_answer_is_no_question(string step, string text)
    {
        Assert.IsNotType<AnswerMatch.Question>(Read(step, text));
        Assert.IsNotType<AnswerMatch.Matched>(Read(step, text));
    }

    [Theory]
    [InlineData("20-70 endpoints")]
    [InlineData("5 endpoints now, 200 endpoints later")]
    [InlineData("might stay tiny, might blow up, who knows")]
    // A count that ends its clause counts what the one before it did.
    [InlineData("no clue yet, could be 10 users could be 100k")]
    public void Counts_that_two_options_hold_are_ambiguous(string text)
    {
        var match = Assert.IsType<AnswerMatch.Ambiguous>(Match("size", text));
        Assert.Equal(2, match.Options.Count);
    }

    [Theory]
    [InlineData("size", "2 weeks")]
    [InlineData("size", "3 devs")]
    [InlineData("team", "5 endpoints")]
    public void A_number_of_something_no_option_counts_is_no_match(string step, string text)
    {
        Assert.IsType<AnswerMatch.NoMatch>(Match(step, text));
    }

    [Fact]
    public void Text_that_could_mean_two_options_is_ambiguous_and_names_both()
    {
        var match = Assert.IsType<AnswerMatch.Ambiguous>(Match("size", "small now, large later"));
        Assert.Equal(["small", "large"], match.Options.Select(option => option.Key));
    }

    [Fact]
    public void Asking_whether_an_answer_that_could_fit_two_options_counts_asks_which()
    {
        var match = Assert.IsType<AnswerMatch.Ambiguous>(Read("building", "would a model serving page count? like a demo ui for our sentiment model"));
        Assert.Equal(["prototype", "ml"], match.Options.Select(option => option.Key));
    }

    [Theory]
    [InlineData("Does Flask come with an ORM?", true)]
    [InlineData("which one is faster for APIs", true)]
    [InlineData("a backend for our mobile app", false)]
    [InlineData("api?", false)]
    [InlineData("small", false)]
    public void Questions_are_told_apart_from_answers(string text, bool question)
    {
        Assert.Equal(question, FlowCommands.LooksLikeQuestion(text));
    }

    [Theory]
    [InlineData("/choose-framework", FlowCommand.Start)]
    [InlineData("/choose-framework now", FlowCommand.Start)]
    [InlineData("Choose a framework", FlowCommand.Start)]
    [InlineData("help me choose between Django and Flask", FlowCommand.Start)]
    [InlineData("go back", FlowCommand.Back)]
    [InlineData("Start over!", FlowCommand.Restart)]
    [InlineData("never mind", FlowCommand.Cancel)]
    [InlineData("help", FlowCommand.Help)]
    // Asking what the step means is asking for its help.
    [InlineData("what do you mean by ship?", FlowCommand.Help)]
    [InlineData("what's the tradeoff exactly?", FlowCommand.Help)]
    [InlineData("hmm what does that mean", FlowCommand.Help)]
    [InlineData("can u explain pls", FlowCommand.Help)]
    [InlineData("idk what that means", FlowCommand.Help)]
    [InlineData("not sure what this means?", FlowCommand.Help)]
    [InlineData("how big is big? like in terms of what", FlowCommand.Help)]
    [InlineData("how soon is soon", FlowCommand.Help)]
    [InlineData("does it matter?", FlowCommand.Help)]
    [InlineData("why does that even matter", FlowCommand.Help)]
    [InlineData("not sure", FlowCommand.None)]
    [InlineData("how big is django?", FlowCommand.None)]
    [InlineData("does it matter which one i pick for an api?", FlowCommand.None)]
    [InlineData("how do I choose a framework for an API?", FlowCommand.None)]
    [InlineData("whats the difference between api and microservice?", FlowCommand.None)]
    public void The_flow_commands_are_recognized_in_text(string text, FlowCommand command)
    {
        Assert.Equal(command, FlowCommands.Parse(text));
    }
}
