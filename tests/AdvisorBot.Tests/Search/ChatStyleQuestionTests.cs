using AdvisorBot.Core.Answering;
using AdvisorBot.Core.Evaluation;
using AdvisorBot.Core.Search;
using AdvisorBot.Tests.Support;

namespace AdvisorBot.Tests.Search;

/// <summary>
/// Questions typed as people type them in chat (issue 15): filler and words the articles never
/// use, everyday words a synonym could misread, a subject with a topic, typos; and questions the
/// articles only touch on, which are hedged or declined rather than answered with confidence.
/// </summary>
public class ChatStyleQuestionTests(ShippedSnapshot shipped) : IClassFixture<ShippedSnapshot>
{
    private readonly KnowledgeSnapshot _snapshot = shipped.Value;

    private SearchHit Best(string question)
    {
        var result = _snapshot.Searcher.Search(question);
        Assert.True(result.Answered, $"'{question}' was declined (confidence {result.Confidence})");
        return result.Hits[0];
    }

    /// <summary>The index terms the question is read as (concepts, after typo correction).</summary>
    private List<string> Terms(string question) =>
        _snapshot.Searcher.Explain(question).Concepts.Select(explained => explained.Concept.Term).ToList();

    private void AssertDeclined(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered, $"answered with confidence {result.Confidence}: {result.Best?.Passage.Id}");
    }

    private void AssertHedgedOrDeclined(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.True(!result.Answered || result.Hedged, $"answered without a hedge, confidence {result.Confidence}");
    }

    /// <summary>The question is answered, and its first passage says <paramref name="evidence"/>
    /// (one of its "|"-separated phrases).</summary>
    private void AssertBestSays(string question, string evidence)
    {
        var best = Best(question).Passage;

        Assert.True(Says(best, evidence), $"{best.Id} does not say \"{evidence}\"");
    }

    private static bool Says(Core.Knowledge.Passage passage, string evidence) =>
        evidence.Split('|').Any(phrase => EvidenceText.Normalize($"{passage.Heading}\n{passage.Text}").Contains(EvidenceText.Normalize(phrase)));

    [Fact]
    public void Chat_filler_and_words_the_articles_never_use_do_not_outrank_the_known_concepts()
    {
        var best = Best("django or flask for a beginner? never coded a web app b4").Passage;

        Assert.True(Says(best, "beginner"), $"{best.Id} is not about beginners");
    }

    [Theory]
    [InlineData("customer is just learning python and wants to build their first web app, which framework should they start with?")]
    [InlineData("we've got 2 junior devs who only know basic python. which framework should they learn first")]
    public void The_domains_own_words_do_not_outrank_what_is_asked_about_it(string question)
    {
        // "python" and "framework" are in most of the articles' titles: they put the question in
        // the domain, and the passage headed "Why Python for Web Development" must not win on them.
        var best = Best(question).Passage;

        Assert.True(Says(best, "beginner"), $"{best.Id} is not about beginners");
    }

    [Theory]
    [InlineData("Who uses Flask?", "Pinterest")]
    [InlineData("Who uses Flask in production?", "Pinterest")]
    [InlineData("who actually runs flask in prod? any well known apps", "Pinterest")]
    [InlineData("my cto thinks django is just for hobby sites. which big companies actually run it in production?", "Instagram")]
    public void Who_uses_a_framework_asks_for_its_well_known_users(string question, string user)
    {
        // "who uses" is the vocabulary's asked_as for big names; "in production" only sets the scene.
        var best = Best(question).Passage;

        Assert.True(Says(best, user), $"{best.Id} does not name {user}");
    }

    [Theory]
    [InlineData("what do ppl run in prod for these, gunicorn? uwsgi?")]
    [InlineData("can we run either of them behind gunicorn in production")]
    public void Production_asked_about_still_finds_the_production_servers(string question)
    {
        var best = Best(question).Passage;

        Assert.True(Says(best, "Gunicorn"), $"{best.Id} does not name a production server");
    }

    [Fact]
    public void Asking_whether_it_is_a_good_idea_does_not_find_the_passage_that_says_idea()
    {
        // "idea" is in one article only, in its introduction ("a clear idea of which framework
        // suits your needs"); the rarest word of the question, it found that introduction first.
        var best = Best("flask for big enterprise projects, good idea?").Passage;

        Assert.False(Says(best, "clear idea"), $"{best.Id} was found for the word \"idea\"");
    }

    [Fact]
    public void An_everyday_word_is_not_read_as_the_topic_its_synonym_means()
    {
        // "quick" here is the speed of building an MVP, not response time.
        var best = Best("whats better for a quick mvp lol").Passage;

        Assert.True(Says(best, "prototyp|mvp"), $"{best.Id} is not about prototypes or MVPs");
        Assert.DoesNotContain("Response Time", best.Heading);
    }

    [Fact]
    public void The_subject_bonus_does_not_lift_a_general_passage_above_the_one_on_the_asked_topic()
    {
        var best = Best("can i do async stuff in flask").Passage;

        Assert.True(Says(best, "Django 3.0+ and Flask both support async"), $"{best.Id} does not answer async in Flask");
    }

    [Theory]
    [InlineData("we host on a tiny VPS with 512MB, which one uses less memory")]
    [InlineData("our app is hosted on a small VPS, which one is lighter on memory")]
    [InlineData("we deploy to small containers! which one is lighter on memory")]
    // Memory named in the scene too ("ram") is still what the last clause asks.
    [InlineData("we deploy on tiny 512mb containers and ram is tight. which one eats less memory?")]
    [InlineData("deploying to a tiny vps w/ barely any ram, which one is lighter on memory")]
    public void A_clause_that_sets_the_scene_weighs_less_than_the_question_asked_after_it(string question)
    {
        // Hosting is what they have; memory is what they ask about.
        var best = Best(question).Passage;

        Assert.True(Says(best, "Memory Usage"), $"{best.Id} is not about memory");
    }

    [Theory]
    [InlineData("any consensus on which fw for an online shop?", "E-commerce|eCommerce|e-commerce")]
    [InlineData("which fw is easier to learn tho", "learn")]
    public void Chat_shorthand_for_framework_is_not_a_thing_asked_for(string question, string evidence)
    {
        // "which fw" reads like "which laptop" unless "fw" is known for the framework it stands for.
        AssertBestSays(question, evidence);
    }

    [Fact]
    public void A_last_clause_that_only_names_the_choice_leaves_the_question_before_it_as_the_one_asked()
    {
        // ", flask or django?" tags the question; the scene before it still weighs less.
        var best = Best("im a junior on a small team, only know python from notebooks. which is easier to pick up as my first web framework, flask or django?").Passage;

        Assert.True(Says(best, "beginner"), $"{best.Id} does not speak to beginners");
    }

    [Fact]
    public void What_the_asker_does_not_need_weighs_less_than_what_they_ask_for()
    {
        // The admin panel and templates are what they can do without; the API is what they ask about.
        var best = Best("we don't need an admin panel or templates, only a rest api for our mobile app, which one?").Passage;

        Assert.True(Says(best, "REST APIs"), $"{best.Id} is not about APIs");
    }

    [Theory]
    [InlineData("we don't need django 3.0 templates or an admin panel, only a rest api for our mobile app")]
    [InlineData("we don't need node.js style templates or an admin panel, only a rest api for our mobile app")]
    public void What_the_asker_does_not_need_runs_past_a_version_number_or_a_dotted_name(string question)
    {
        // "3.0" and "node.js" end no sentence: the admin panel, after them, is still not needed.
        var concepts = _snapshot.Searcher.Explain(question).Concepts.Select(explained => explained.Concept).ToList();

        Assert.True(concepts.Single(concept => concept.Term == "#admin_panel").Emphasis < 1, "the admin panel weighs as much as what is asked");
        Assert.Equal(1, concepts.Single(concept => concept.Term == "#api").Emphasis);
    }

    [Theory]
    [InlineData("how do i create a new django project", false)]
    [InlineData("what should i import from flask for json", false)]
    [InlineData("is it important which one i pick", true)]
    [InlineData("when was flask created", true)]
    [InlineData("what yr did django come out", true)]
    public void A_word_the_stemmer_would_fold_into_another_meaning_keeps_its_own(string question, bool historyOrImportance)
    {
        // "create" is not when a framework was created, "import" is not "important".
        var terms = Terms(question);

        Assert.Equal(historyOrImportance, terms.Contains("#created") || terms.Contains("#matter"));
    }

    [Theory]
    [InlineData("which framework for our new product", false)]
    [InlineData("what are the main things i gotta learn to be productive in django", false)]
    [InlineData("what server should i run flask on in production", true)]
    [InlineData("any tips for django in prod", true)]
    public void A_product_and_being_productive_are_not_production(string question, bool production)
    {
        // Porter folds all three into "product": what a team builds, and how fast it builds it,
        // are not the servers it runs on.
        var terms = Terms(question);

        Assert.Equal(production, terms.Contains("#production"));
    }

    [Theory]
    [InlineData("our customers keep asking for dark mode", "custom")]
    [InlineData("our engineers know python well", "#templating")]
    [InlineData("which one do our engineers pick up faster", "engin")]
    [InlineData("we need a CMS for our marketing team's blog", "market")]
    [InlineData("only ever written python scripts for excel stuff", "#best_for")]
    [InlineData("the django docs are awful tbh", "aw")]
    [InlineData("our site gets busy at lunch", "#companies")]
    [InlineData("we want a responsive ui on phones", "respons")]
    [InlineData("definitely want something simple", "definit")]
    public void An_everyday_word_is_not_the_article_word_it_shares_a_stem_with(string question, string notMeant)
    {
        var terms = Terms(question);

        Assert.DoesNotContain(notMeant, terms);
    }

    [Theory]
    [InlineData("express vs nest for a new node backend, thoughts?")]
    [InlineData("anyone know if express or nestjs is better for a node backend?")]
    public void Two_frameworks_the_articles_never_mention_are_declined(string question)
    {
        AssertDeclined(question);
    }

    [Fact]
    public void A_colon_inside_a_command_parts_its_words()
    {
        // "rake db:migrate" is one word to Unicode; it asks about the database and migrations.
        var terms = Terms("is there something like rake db:migrate in django");

        Assert.Contains("#db", terms);
        Assert.Contains("#migration", terms);
    }

    [Fact]
    public void A_question_calling_itself_one_is_not_about_questions()
    {
        // One article says "there is no definitive answer to this question": "dumb question" must
        // not find it.
        var terms = Terms("dumb question but which one is easier to learn");

        Assert.DoesNotContain("question", terms);
        Assert.Contains("#learning_curve", terms);
    }

    [Fact]
    public void Interns_are_beginners_not_what_happens_internally()
    {
        var terms = Terms("our team is mostly interns, which framework");

        Assert.Contains("#beginner", terms);
        Assert.DoesNotContain("intern", terms);
    }

    [Fact]
    public void A_marketing_teams_blog_is_a_content_site_not_the_job_market()
    {
        var best = Best("we need a CMS for our marketing team's blog, which fits").Passage;

        Assert.True(Says(best, "Content Management"), $"{best.Id} is not about content management");
    }

    [Fact]
    public void Asked_where_to_run_it_in_production_the_production_servers_come_first()
    {
        var best = Best("what server should i run flask on in production").Passage;

        Assert.True(Says(best, "Gunicorn, uWSGI"), $"{best.Id} does not name the production servers");
    }

    [Fact]
    public void A_negation_that_asks_keeps_its_topic()
    {
        var best = Best("can i use django without the orm").Passage;

        Assert.True(Says(best, "ORM"), $"{best.Id} does not mention the ORM");
    }

    [Theory]
    [InlineData("our users need logins and permissions, which one helps more", "authentication")]
    // "fits" and "better" weigh; they name no topic of the last clause's own.
    [InlineData("building an online shop - inventory, carts, checkout, the usual. which one fits better", "E-commerce|eCommerce|e-commerce")]
    public void When_the_question_after_the_scene_names_no_topic_of_its_own_the_scene_is_the_topic(string question, string evidence)
    {
        AssertBestSays(question, evidence);
    }

    [Theory]
    [InlineData("what is new in python")]
    [InlineData("what's the difference between a list and a tuple in python")]
    public void A_question_that_knows_only_the_domain_and_a_word_that_weighs_things_is_declined(string question)
    {
        // "python" is in most of the articles' titles: the domain, not a topic of them.
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered, $"answered at {result.Confidence} with {result.Hits.FirstOrDefault()?.Passage.Id}");
    }

    [Theory]
    [InlineData("what's the best python framework")]
    [InlineData("which python framework is best for beginners")]
    public void A_question_about_the_domain_itself_is_still_answered(string question)
    {
        Assert.True(_snapshot.Searcher.Search(question).Answered);
    }

    [Theory]
    [InlineData("we need a back office to edit records, django or flask?", "Admin Interface")]
    [InlineData("which one comes with more built in", "batteries-included")]
    [InlineData("will flask cope as our app grows", "Scalab")]
    [InlineData("first-year undergrad here, which one should i pick up", "beginner")]
    [InlineData("can django grow into a really big site", "scalab")]
    [InlineData("does django come with user accounts", "built-in authentication")]
    [InlineData("does flask ship with a template engine", "Jinja2")]
    // What "it ships" is what comes with it, not deploying it.
    [InlineData("for testing do i have to use what it ships, flask i mean", "Built-in Testing")]
    // "manager" is a person, not the articles' "Content Management Systems".
    [InlineData("my manager wants a few big-name sites on django for his slide", "Instagram")]
    // "my team" says whose question it is, not what it is about.
    [InlineData("a new dev on my team keeps asking what manage.py does in our django repo", "manage.py file that is a command-line utility")]
    // An "internal tool" is for a company's own staff, not how Django "works internally".
    [InlineData("a tiny internal tool, maybe 5 endpoints, is django overkill?", "simple or small project")]
    // "pricing" right before what it is part of names a feature of the shop, not a cost asked.
    [InlineData("we're making an online shop with tricky pricing rules, which one fits?", "E-commerce Platforms")]
    // "roll my own", "diy", "by hand" say what the articles say with "manually".
    [InlineData("need role based access for admins and editors - does django have groups baked in or do i roll my own", "User permissions and groups included")]
    [InlineData("im new to python web stuff, where do i start, django or flask", "beginner")]
    [InlineData("when did flask first come out", "2010")]
    [InlineData("what year was django made", "2003")]
    [InlineData("how hard is it to go live with flask", "deploy")]
    [InlineData("i'm building my first web app for a school project, which is easier", "beginner")]
    [InlineData("does django handle more users well", "Scalab")]
    [InlineData("i'd rather pick my own libs, which framework lets me", "flexib")]
    [InlineData("which gives better coding speed, django or flask", "development speed|Rapid Development|quickly")]
    [InlineData("does flask impose a file layout", "structure")]
    [InlineData("which holds up better under high load", "scalab")]
    [InlineData("our team has very mixed experience, juniors and old hands. which one suits us?", "skill levels")]
    [InlineData("will either of them serve many requests at once without blocking, async/await style?", "async")]
    [InlineData("is flask good for a web store?", "e-commerce|eCommerce|E-commerce")]
    [InlineData("for a Shopify-like store with lots of moving parts, which one?", "e-commerce|eCommerce|E-commerce")]
    [InlineData("we're pretty nosql heavy (document store), which of the two plays nicer w/ that", "NoSQL")]
    [InlineData("is flask well documented", "documentation")]
    [InlineData("we need different access levels for staff, managers and admins. can django handle that kind of roles thing without custom work?", "authorization|permission")]
    public void Everyday_names_for_a_topic_find_it(string question, string evidence)
    {
        AssertBestSays(question, evidence);
    }

    [Fact]
    public void A_misspelt_subject_is_read_as_the_subject_by_words_and_by_meaning()
    {
        var misspelt = _snapshot.Searcher.Explain("what templating does djagno use");
        var spelt = Best("what templating does django use");

        Assert.Contains("read as \"what templating does django use\"", misspelt.ConfidenceBasis);
        Assert.Contains(misspelt.Concepts, concept => concept.Concept.Subject == "Django" && concept.Concept.Typed == "djagno");
        Assert.Equal(spelt.Passage.Id, misspelt.Passages[0].Passage.Id);
    }

    [Theory]
    [InlineData("falsk unit testing support", "Flask")]
    [InlineData("djano admin?", "Django")]
    public void A_short_misspelt_subject_name_is_still_the_subject(string question, string subject)
    {
        var explanation = _snapshot.Searcher.Explain(question);

        Assert.Contains(explanation.Concepts, concept => concept.Concept.Subject == subject);
    }

    [Fact]
    public void Names_the_articles_never_mention_are_left_out_of_what_the_model_reads()
    {
        const string question = "our Angular app needs a python backend with logins, which one has auth built in";
        var explanation = _snapshot.Searcher.Explain(question);
        var best = Best(question).Passage;

        Assert.Contains("read as \"our app needs a python backend with logins, which one has auth built in\"", explanation.ConfidenceBasis);
        Assert.True(Says(best, "authentication"), $"{best.Id} is not about authentication");
    }

    [Fact]
    public void How_people_say_a_team_decided_finds_the_passage_on_what_it_went_with()
    {
        var explanation = _snapshot.Searcher.Explain("why did the Inspector folks end up with django");
        var best = Best("why did the Inspector folks end up with django").Passage;

        Assert.Contains(explanation.Concepts, concept => concept.Concept.Term == "#went_with");
        Assert.Equal("inspector-python-flask-vs-django/move-forward-with-django/1", best.Id);
    }

    [Fact]
    public void A_question_comparing_the_two_subjects_is_answered_even_with_words_the_articles_never_use()
    {
        var result = _snapshot.Searcher.Search("who wins, django or flask, in 2024?");

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
    }

    [Theory]
    [InlineData("we're 3 devs building a B2B SaaS with a React frontend, which backend should we pick")]
    [InlineData("our Jenkins pipeline is slow, which framework has less config to deploy")]
    [InlineData("our designers hand over Figma mockups, how does templating work in django")]
    public void A_question_about_the_subjects_is_not_declined_for_the_names_around_it(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
    }

    [Theory]
    [InlineData("Can I host a Flask app on Heroku?")]
    [InlineData("which one works with PostgreSQL?")]
    [InlineData("Does it work with PostgreSQL?")]
    [InlineData("Gunicorn or uWSGI?")]
    // Set against a part of a subject (its forms), not against the subject: a detail of it.
    [InlineData("django forms vs wtforms")]
    // Two platforms the articles name once, set against each other in a question about the subjects.
    [InlineData("can i run either of them in docker on aws or heroku?")]
    public void A_question_about_the_subjects_is_answered_though_it_names_what_the_articles_mention_in_passing(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
    }

    [Fact]
    public void A_topic_the_vocabulary_knows_but_no_article_covers_is_not_answered_from_another_topic()
    {
        // "websockets" is a vocabulary topic no article mentions; "support" alone is not the question.
        AssertDeclined("does flask support websockets");
    }

    [Fact]
    public void A_question_about_what_the_articles_name_only_in_passing_is_declined()
    {
        // FastAPI is named once, in a list of other frameworks: the question is about it, not the subjects.
        AssertDeclined("is FastAPI better?");
    }

    [Theory]
    [InlineData("should we pick Spring Boot or django for a bank")]
    [InlineData("Is Django Reinhardt's guitar music good for studying?")]
    [InlineData("how do I set up Redis as a cache for Laravel")]
    public void Names_offered_as_alternatives_or_as_part_of_a_subjects_name_are_the_topic_not_context(string question)
    {
        AssertDeclined(question);
    }

    [Theory]
    [InlineData("Is PostgreSQL faster than MySQL for reporting queries?")]
    [InlineData("is Gunicorn faster than uWSGI?")]
    // Set side by side in a question that asks which is better, and typed as people say it.
    [InlineData("postgres vs mysql, which handles jsonb indexing better")]
    [InlineData("gunicorn or uwsgi, which one is faster")]
    public void Judging_between_two_names_the_articles_only_list_is_declined(string question)
    {
        // The articles list PostgreSQL and MySQL (and the WSGI servers) as options; they never
        // say which is faster.
        AssertDeclined(question);
    }

    [Fact]
    public void A_battery_is_not_the_batteries_a_framework_includes()
    {
        // "battery" is a whole word of the vocabulary: Porter would fold it into "batteries".
        var offTopic = _snapshot.Searcher.Search("my laptop battery drains super fast, any tips lol");
        var best = Best("does django really come with batteries included?").Passage;

        Assert.False(offTopic.Answered, $"answered with confidence {offTopic.Confidence}");
        Assert.True(Says(best, "batteries"), $"{best.Id} is not about the batteries included");
    }

    [Theory]
    [InlineData("gunicorn or uwsgi?")]
    [InlineData("can flask run on gunicorn or uwsgi")]
    public void Asking_which_of_two_names_the_articles_list_finds_the_list(string question)
    {
        var best = Best(question).Passage;

        Assert.True(Says(best, "Gunicorn, uWSGI"), $"{best.Id} does not list them");
    }

    [Theory]
    [InlineData("Is PostgreSQL faster than MySQL for analytics?")]
    [InlineData("is FastAPI better?")]
    [InlineData("is Pyramid a good python framework")]
    [InlineData("is Tornado faster than Flask?")]
    [InlineData("Flask or Bottle for a tiny api?")]
    // Typed in lower case: the articles write it as a name, so it is one.
    [InlineData("is fastapi actually faster than flask? saw some benchmarks")]
    // Typed in lower case and written at the start of a list item only: mentioned in passing all the same.
    [InlineData("is tornado faster than flask")]
    [InlineData("pyramid vs bottle, which is better for a small internal tool?")]
    [InlineData("is FastAPI better than flask for a new api?")]
    [InlineData("should we use FastAPI instead of flask for our api?")]
    // "its" after FastAPI stands for FastAPI, not for the subjects of the conversation.
    [InlineData("does fastapi use pydantic v2 under the hood and how does its dependency injection work internally?")]
    public void A_question_the_articles_only_brush_against_is_hedged_or_declined(string question)
    {
        AssertHedgedOrDeclined(question);
    }

    [Theory]
    [InlineData("which editor do django devs use")]
    [InlineData("what laptop should a django developer buy")]
    [InlineData("which keyboard is best for python development")]
    [InlineData("which editors are best for django")]
    [InlineData("is rust faster than python")]
    [InlineData("rust vs django for a web backend")]
    [InlineData("which cloud is cheapest, aws or gcp")]
    [InlineData("which python version should i install on debian for a new app")]
    [InlineData("rails vs phoenix for a team that knows both ruby and elixir?")]
    [InlineData("gin vs echo for a small go service")]
    // "which" asks which of the two just named, not which subject.
    [InlineData("couchdb vs cassandra for heavy writes, which would u pick?")]
    // "compare to" sets things against each other as "than" does.
    [InlineData("how does rails active record compare to the django orm for complex joins?")]
    [InlineData("we're a php + ruby shop, how does laravel's eloquent orm compare to rails activerecord for migrations?")]
    // A comparison may say more before its "than".
    [InlineData("is laravel quicker to pick up than flask")]
    public void A_question_asking_for_a_kind_of_thing_the_articles_never_mention_is_hedged_or_declined(string question)
    {
        // The word after "which"/"what" (a subject or the domain may come between: "which python
        // version"), or the one set against a subject, the domain, a name the articles mention in
        // passing ("rust", "gcp") or, in a question not about the subjects, another word they
        // never use ("rails vs phoenix"), says what is asked for; every other word is known.
        AssertHedgedOrDeclined(question);
    }

    [Theory]
    [InlineData("walk me through how flask handles routing", "rout")]
    [InlineData("can you recommend django or flask for a beginner", "beginner")]
    [InlineData("what's a good framework for beginners", "beginner")]
    [InlineData("best framework for an online shop", "e-commerce|ecommerce|online")]
    [InlineData("can anyone recommend a decent framework for beginners", "beginner")]
    [InlineData("anyone got tips for learning django fast", "learn")]
    public void A_walk_through_or_a_recommendation_of_what_the_articles_cover_is_answered(string question, string evidence)
    {
        AssertBestSays(question, evidence);
    }

    [Theory]
    [InlineData("which django release should i pick, 4.2 or 5.1?")]
    [InlineData("what's new in django 5.2")]
    [InlineData("should I use SQLAlchemy 2.0 async sessions with asyncpg")]
    [InlineData("how much does it cost to host a flask app on render")]
    [InlineData("what is the price of pythonanywhere for a django site")]
    [InlineData("heroku pricing for a small flask app?")]
    [InlineData("why do i get KeyError in my flask view")]
    public void A_release_a_price_or_an_error_the_articles_never_name_is_what_is_asked(string question)
    {
        // A version right after a subject or a name the articles use, what a thing costs, and an
        // error's name are the topic, however much of the rest the articles know.
        AssertHedgedOrDeclined(question);
    }

    [Theory]
    [InlineData("we want to put our tensorflow model behind an api, which framework")]
    [InlineData("our data scientists need an endpoint for a scikit-learn model, django or flask?")]
    public void The_tools_of_machine_learning_are_its_concept(string question)
    {
        // The articles say "machine learning models"; people name the library they use.
        var best = Best(question).Passage;

        Assert.True(Says(best, "machine learning"), $"{best.Id} is not about machine learning");
    }

    [Theory]
    [InlineData("rails vs django for a plain crud app? most of our team knows ruby already")]
    [InlineData("which laptop is best for django development")]
    [InlineData("is FastAPI a better choice than flask for microservices?")]
    public void A_question_that_asks_beyond_the_articles_is_declined_rather_than_hedged(string question)
    {
        // Each is near enough to a passage to be hedged ("the articles only touch on this"), but
        // what it asks for is a thing the articles never name, or name only in passing.
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered, $"answered with confidence {result.Confidence}: {result.Best?.Passage.Id}");
        Assert.True(result.Confidence >= _snapshot.Searcher.Options.MinConfidence, "the fitted model alone would have declined it: this test no longer tests the rule");
    }

    [Fact]
    public void A_price_asked_is_declined_whatever_the_thing_priced()
    {
        // Heroku is named in the articles, but they price nothing.
        const string question = "how much does heroku cost per month for a small django app";
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered, $"answered with confidence {result.Confidence}: {result.Best?.Passage.Id}");
        Assert.Contains("declined: asks about \"cost\"", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Fact]
    public void Which_is_cheaper_asks_a_price_but_a_cheap_server_is_only_where_it_runs()
    {
        var best = Best("which one uses less RAM on a cheap DigitalOcean droplet").Passage;

        AssertDeclined("aws lambda vs google cloud run for hosting a flask api, which is cheaper");
        AssertDeclined("roughly how much does heroku charge per month for a small django app");
        Assert.True(Says(best, "Memory Usage|Lower memory"), $"{best.Id} is not about memory");
    }

    [Theory]
    [InlineData("who created flask originally")]
    [InlineData("who actually made django? some newspaper guys iirc")]
    [InlineData("who maintains flask these days")]
    [InlineData("who's the guy that originally wrote flask and what else has he built?")]
    [InlineData("is the original author of django still involved?")]
    public void Who_made_a_subject_asks_for_people_the_articles_never_name(string question)
    {
        // The articles say when each came out, not who made it: "who made" asks for its creators,
        // a topic of the vocabulary that no article holds, so the year is not passed off as an answer.
        AssertDeclined(question);
    }

    [Theory]
    [InlineData("is the micro one actually light on server resources?", "Flask")]
    [InlineData("does the big batteries-included one hold up under serious traffic", "Django")]
    [InlineData("ngl worried the big one is bloated af", "Django")]
    [InlineData("im worried the micro framework gets messy w/o conventions", "Flask")]
    [InlineData("does dj have caching built in? might throw redis at it later", "Django")]
    [InlineData("our team is 8 devs w/ mixed experience, some juniors. does the opinionated one help keep code consistent?", "Django")]
    public void What_chat_calls_a_subject_names_it(string question, string subject)
    {
        // The vocabulary lists "the lightweight one", "the big one" and the like among each
        // subject's names: a question that calls a framework so asks about it.
        var concepts = _snapshot.Searcher.Explain(question).Concepts;

        Assert.Contains(concepts, concept => concept.Concept.Subject == subject);
    }

    [Theory]
    [InlineData("does the big batteries-included one hold up under serious traffic or does it fall over", "does the big Django hold up")]
    [InlineData("my coworker calls one of them 'the light one' and the other 'heavy'. which is which and why?", "'Flask' and the other")]
    [InlineData("does flask's orm hold up", "does flask's orm hold up")]
    public void What_chat_calls_a_subject_is_read_by_the_model_as_its_name(string question, string readAs)
    {
        // The passages say "Django", never "the batteries-included one": read as typed, such a
        // question is near nothing in meaning, and its confidence declined it.
        var explanation = _snapshot.Searcher.Explain(question);

        Assert.Contains($"read as \"", explanation.ConfidenceBasis);
        Assert.Contains(readAs, explanation.ConfidenceBasis);
        Assert.True(explanation.Answered, explanation.ConfidenceBasis);
    }

    [Theory]
    [InlineData("does the django backoffice thing build itself from my models or do i have to write screens", "does the django admin thing build itself", "generates an admin site based on your ORM models")]
    [InlineData("with flask can I just lay out my code however I feel like?", "with flask can I just project structure my code", "Flexible, developer-defined structure")]
    [InlineData("does flask get as many bugfix releases as django? worried about vulns", "does flask get as many bug-fix releases", "fewer updates and bug fixes")]
    [InlineData("flask doesn't ship an orm, right? what do people plug in", "flask doesn't ship an orm", "SQLAlchemy")]
    [InlineData("does django have an orm", "does django have an orm", "ORM")]
    // In the same form as typed: "ship" is a verb there, and so is "host"; "shipping", "hosting".
    [InlineData("which is easier to ship, django or flask?", "which is easier to host", "deploy")]
    [InlineData("is shipping django to prod a pain", "is hosting django", "deploy")]
    public void A_synonym_no_passage_uses_is_read_by_the_model_in_the_passages_words(string question, string readAs, string answer)
    {
        // The model does not know that a "backoffice" is the admin the passages describe; the
        // vocabulary does. The same word as the passages write it comes first ("bugfix": "bug-fix"), then
        // a phrase in the same form ("-ing", "-ed", "-s"); a negation is kept as typed ("doesn't ship" is not "batteries-included"), and so is a
        // word the passages use ("orm").
        var explanation = _snapshot.Searcher.Explain(question);
        var best = Best(question).Passage;

        Assert.Contains($"read as \"{readAs}", explanation.ConfidenceBasis);
        Assert.True(Says(best, answer), $"{best.Id} does not say \"{answer}\"");
    }

    [Fact]
    public void These_on_its_own_points_back_at_the_subjects_so_the_names_in_the_question_are_its_context()
    {
        // "host these on heroku" asks about the two frameworks; Heroku and DigitalOcean are where.
        var best = Best("can we host these on heroku or digitalocean?").Passage;

        Assert.True(Says(best, "Heroku"), $"{best.Id} does not say Heroku");
        AssertDeclined("what music is popular these days");
    }

    [Fact]
    public void Pointing_back_at_the_two_frameworks_is_read_by_the_model_as_their_names()
    {
        // "both of these" is near nothing in the passages; "Django and Flask" is what they say.
        // The passage that says both use WSGI comes before the list of WSGI servers.
        const string question = "do both of these use wsgi? we're on apache with mod_wsgi";
        var best = Best(question).Passage;

        Assert.Contains("read as \"do Django and Flask use wsgi?", _snapshot.Searcher.Explain(question).ConfidenceBasis);
        Assert.True(Says(best, "both use the WSGI"), $"{best.Id} does not say \"both use the WSGI\"");
    }

    [Theory]
    [InlineData("can i put these behind nginx or gunicorn or do they need some special server", "can i put Django and Flask behind nginx", "WSGI")]
    [InlineData("is there a CLI like artisan or rails generate for these?", "is there a CLI like artisan or rails generate for Django and Flask?", "CLI tool")]
    // Before a verb, and "each" or "both" closing a clause, they point back too.
    [InlineData("when did these come out? which one is older", "when did Django and Flask come out?", "created in")]
    [InlineData("how good are the docs for each? i hate bad docs", "how good are the docs for Django and Flask?", "documentation")]
    [InlineData("how are settings handled in each one?", "how are settings handled in Django and Flask?", "Settings-based configuration")]
    public void These_or_each_standing_for_the_two_is_read_by_the_model_as_their_names(string question, string readAs, string answer)
    {
        // "these" on its own (before "?", "on", "behind", "for" ...) points back; "these days" does not.
        var explanation = _snapshot.Searcher.Explain(question);

        Assert.Contains($"read as \"{readAs}", explanation.ConfidenceBasis);
        Assert.True(Says(explanation.Passages[0].Passage, answer), $"{explanation.Passages[0].Passage.Id} does not say \"{answer}\"");
        Assert.DoesNotContain("Django and Flask", _snapshot.Searcher.Explain("is pyramid still maintained these days or is it dead").ConfidenceBasis);
    }

    [Fact]
    public void Which_of_them_is_read_by_the_model_as_which_of_the_two_frameworks()
    {
        // "which of them" still asks which; the model reads which of what.
        const string question = "which of them is big on the 'dont repeat yourself' thing";
        var ranked = _snapshot.Searcher.Explain(question);

        Assert.Contains("read as \"which of Django and Flask is big on", ranked.ConfidenceBasis);
        Assert.True(Says(ranked.Passages[0].Passage, "repeat yourself"), $"{ranked.Passages[0].Passage.Id} does not say \"repeat yourself\"");
    }

    [Fact]
    public void Words_for_off_the_usual_path_find_what_the_articles_call_unconventional()
    {
        var best = Best("we have some unusual requirements, will django get in the way?").Passage;

        Assert.True(Says(best, "unconventional"), $"{best.Id} does not say \"unconventional\"");
    }

    [Fact]
    public void Big_on_is_keen_on_not_size()
    {
        Assert.DoesNotContain("#large", Terms("is django big on conventions?"));
        Assert.Contains("#large", Terms("is django ok for a big project?"));
    }

    [Theory]
    [InlineData("how do i get admin rights on my work laptop so i can install python")]
    [InlineData("IT won't give me admin privileges to install anything, any tips")]
    public void Rights_on_a_computer_are_not_the_admin_panel(string question)
    {
        Assert.DoesNotContain("#admin_panel", Terms(question));
        AssertDeclined(question);
    }

    [Theory]
    [InlineData("how old are these two? when did each come out", "created in")]
    [InlineData("which one's older? when did each come out", "created in")]
    [InlineData("are the docs any good for these two?", "documentation")]
    [InlineData("which one will cost us less in servers? heard one of them is heavier on memory", "memory|lightweight|overhead")]
    public void A_question_that_points_back_at_the_subjects_is_judged_with_them_named(string question, string answer)
    {
        // As typed, "these two" is near nothing in the passages; with the names in place the
        // passage that answers is near, and the question is answered rather than declined.
        var explanation = _snapshot.Searcher.Explain(question);

        Assert.True(explanation.Answered, $"declined: {explanation.ConfidenceBasis}");
        Assert.Contains("judged with the subjects named", explanation.ConfidenceBasis);
        Assert.True(Says(explanation.Passages[0].Passage, answer), $"{explanation.Passages[0].Passage.Id} does not say \"{answer}\"");
    }

    [Theory]
    [InlineData("whats the diff between select_related and prefetch_related in the django orm, my queries are slow")]
    [InlineData("what's the default value of CONN_MAX_AGE in django settings?")]
    [InlineData("whats the cleanest way to structure a flask app factory w/ create_app and config classes?")]
    [InlineData("can i run django's test suite in parallel with --parallel on postgres and does it clone the test db?")]
    public void A_name_from_code_the_articles_never_write_is_declined(string question)
    {
        AssertDeclined(question);
    }

    [Fact]
    public void A_name_from_code_given_as_an_example_only_says_what_is_meant()
    {
        var best = Best("does flask have form helpers / validation like rails form_with, or is that all manual?").Passage;

        Assert.True(Says(best, "form"), $"{best.Id} is not about forms");
    }

    [Fact]
    public void A_db_layer_is_the_database_abstraction_layer()
    {
        // The passage that says Flask has neither ranks right after the one about forms alone.
        var shown = _snapshot.Searcher.Search("does flask have a db layer or form validation out of the box").Hits.Take(2).Select(hit => hit.Passage).ToList();

        Assert.Contains("#orm", Terms("does flask have a db layer"));
        Assert.Contains(shown, passage => Says(passage, "no database abstraction layer, form validation"));
    }

    [Fact]
    public void A_word_said_of_a_subject_is_not_what_is_set_against_the_other()
    {
        // "eat" is what Django does, Django is what is set against Flask: not an unknown thing
        // compared with it, as "rust" is in "is rust faster than python".
        var best = Best("we're on tiny 512mb vps boxes, does django eat noticeably more ram than flask?").Passage;

        Assert.True(Says(best, "memory"), $"{best.Id} is not about memory");
        AssertDeclined("is rust faster than python");
    }

    [Theory]
    [InlineData("easiest way to deploy a flask app?", "deploy")]
    [InlineData("does django give me a way to fire fake requests at my views in tests without spinning up a real server?", "test")]
    public void The_way_to_do_what_the_articles_cover_is_answered(string question, string evidence)
    {
        // "cleanest way to flatten a list" asks how to do a thing they never mention; the easiest
        // way to deploy asks how to do one they do, and "a way to" asks whether there is one.
        AssertBestSays(question, evidence);
    }

    [Theory]
    [InlineData("How do Flask blueprints compare to Django apps?", "blueprint")]
    [InlineData("how does flask's learning curve compare with django", "learning curve")]
    public void What_a_subject_has_compared_to_the_other_is_answered(string question, string evidence)
    {
        AssertBestSays(question, evidence);
    }

    [Theory]
    [InlineData("which of these two would my cat like more")]
    [InlineData("which of them has the nicer logo")]
    [InlineData("what do these two cost per month on aws")]
    public void A_question_that_points_back_at_the_subjects_about_nothing_the_articles_say_is_still_declined(string question)
    {
        AssertDeclined(question);
    }

    [Theory]
    [InlineData("adding graphql to a flsk api — graphene or strawberry, which lib is better?")]
    [InlineData("celery or rq, which is better with flask")]
    public void Two_things_the_articles_never_mention_judged_against_each_other_are_declined_in_a_question_about_a_subject(string question)
    {
        // "settings.py vs env vars" in a question about each framework is a detail of it (see
        // Two_things_set_against_each_other_in_a_question_about_the_subjects_are_a_detail_of_it);
        // asking which of them is better is not.
        AssertDeclined(question);
    }

    [Theory]
    [InlineData("go vs rust for a backend service, which would u pick")]
    [InlineData("zappa or mangum for flask on lambda? which one is less hassle")]
    [InlineData("pipenv or poetry for a django project?")]
    [InlineData("hey, tabs vs spaces in flask templates")]
    [InlineData("is django rest framework nicer than django ninja for a new api")]
    [InlineData("drf vs django ninja, thoughts?")]
    [InlineData("torn between svelte and vue for the frontend, which is nicer?")]
    public void A_choice_between_things_the_articles_never_mention_is_declined(string question)
    {
        // Chat types names in lower case, and "go" is a stop word: across "vs" it can only be a
        // name. A choice the question opens with, or one it asks to be judged ("less hassle",
        // "which would u pick"), is what it asks, even when a subject names whose it is.
        AssertDeclined(question);
    }

    [Fact]
    public void Choosing_between_the_two_subjects_is_their_comparison()
    {
        Assert.True(_snapshot.Searcher.Search("choosing between django and flask for a small api, thoughts?").Answered);
    }

    [Theory]
    [InlineData("is Rust faster than Python for web servers", "rust")]
    [InlineData("is Go quicker than Python for an API backend", "go")]
    [InlineData("is Django slower than Rails?", "rail")]
    [InlineData("for a chat backend is Flask nicer than Elixir", "elixir")]
    [InlineData("laravel vs flask for a small api", "laravel")]
    [InlineData("spring boot vs djnago for a big bank project", "boot")]
    public void A_comparison_with_a_name_the_articles_never_mention_is_declined(string question, string name)
    {
        // However much of the rest the articles know (speed, Python, APIs), they never compare
        // with Rust or Rails. "Go" is a stop word, and a name only where it is capitalised
        // inside a sentence; chat types names in lower case, and a word the articles never use
        // right across "vs" from a subject is one ("laravel", "spring boot").
        AssertDeclined(question);
        Assert.Contains($"compares with \"{name}\"", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Theory]
    [InlineData("we use React on the front, is Django or Flask better for the API?")]
    [InlineData("should we Go with flask for a small api")]
    [InlineData("Which One Is Better For Beginners, Django Or Flask?")]
    [InlineData("is deploying django a pain vs flask? im not really a devops person")]
    public void A_name_that_is_only_context_or_a_capitalised_stop_word_does_not_decline(string question)
    {
        // React is what the asker has, not what is compared; "Go with" is a decision; a question
        // in title case capitalises every stop word; "a pain vs flask" describes, names nothing.
        Best(question);
        Assert.DoesNotContain("one", Terms(question));
    }

    [Theory]
    [InlineData("is laravel still worth picking up in 2025?")]
    [InlineData("does bottle still run on python 2? we have an ancient server")]
    public void How_a_thing_the_articles_do_not_discuss_stands_now_is_declined(string question)
    {
        // A thing that opens a yes/no question followed by "still" is what the question asks about.
        AssertDeclined(question);
    }

    [Fact]
    public void How_a_subject_stands_now_is_answered()
    {
        Best("is flask still maintained?");
    }

    [Theory]
    [InlineData("postgres or mysql for a new django app, which db is better?")]
    [InlineData("gunicorn or uwsgi for our flask app, which would you pick")]
    public void Which_of_two_names_the_articles_only_list_is_better_is_declined_in_a_question_about_a_subject(string question)
    {
        // The articles list PostgreSQL and MySQL among Django's databases, Gunicorn and uWSGI
        // among the servers; they never judge one against the other, for Django or otherwise.
        AssertDeclined(question);
    }

    [Fact]
    public void Whether_a_subject_works_with_two_names_the_articles_list_is_answered()
    {
        var best = Best("does django work with postgres or mysql?").Passage;

        Assert.True(Says(best, "PostgreSQL"), $"{best.Id} does not say PostgreSQL");
    }

    [Theory]
    [InlineData("flask or django for a small rest api?", "api")]
    [InlineData("hey, django vs flask for an online store", "ecommerce")]
    public void A_choice_between_the_subjects_that_opens_the_question_is_answered(string question, string topic)
    {
        var explanation = _snapshot.Searcher.Explain(question);

        Assert.True(explanation.Answered, explanation.ConfidenceBasis);
        Assert.Contains("#" + topic, Terms(question));
    }

    [Theory]
    [InlineData("whats the latest flask version and when was it released")]
    [InlineData("what's the current django LTS version and when does it hit end of life?")]
    [InlineData("when is the next django LTS release coming out")]
    public void What_holds_today_is_past_articles_written_on_a_day(string question)
    {
        AssertDeclined(question);
        Assert.Contains("which articles written on a day cannot say", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Theory]
    [InlineData("we're rewriting the current version of our app, django or flask?")]
    [InlineData("our next release is in 6 weeks, which framework gets us there")]
    [InlineData("what are the latest trends for django and flask")]
    [InlineData("does django 3.0 support async")]
    public void The_askers_own_version_the_articles_trends_and_a_release_they_name_are_still_answered(string question)
    {
        Assert.True(_snapshot.Searcher.Search(question).Answered, $"'{question}' was declined");
    }

    [Fact]
    public void An_unknown_tool_set_against_a_subject_is_not_the_everyday_word_it_is_nearest()
    {
        // "streamlit" is nearest to "streamline", a word the articles use; set against Flask it is
        // another tool, and the decline does not claim the articles mention it.
        const string question = "is streamlit better than flask for internal dashboards";
        var result = _snapshot.Searcher.Search(question);

        AssertDeclined(question);
        Assert.Empty(result.MentionedInPassing);
    }

    [Theory]
    [InlineData("does django 3.0 support async", "async")]
    [InlineData("is django free to use", "free")]
    public void A_release_or_a_word_of_money_the_articles_do_name_is_answered(string question, string evidence)
    {
        AssertBestSays(question, evidence);
    }

    [Theory]
    [InlineData("my flask app crashes on startup, any idea why", "crashes")]
    [InlineData("getting a 500 error in django admin, how do i fix it", "500 error")]
    [InlineData("django migrations broken after upgrade, help", "broken")]
    [InlineData("getting ModuleNotFoundError in my flask venv, help", "modulenotfounderror")]
    [InlineData("the admin page isn't working after deploy, any idea why", "isn't working")]
    [InlineData("flask app works fine locally but behind nginx i get 502 bad gateway, any ideas?", "bad gateway")]
    [InlineData("my jinja2 macro renders blank, how do i debug that", "renders blank")]
    [InlineData("getting 'server closed the connection unexpectedly' from postgres in django, any idea why", "unexpectedly")]
    [InlineData("our django views keep timing out in prod, what's wrong?", "timing out")]
    [InlineData("express: why is req.body undefined in my auth middleware??", "undefined")]
    [InlineData("my flask view returns None for the form data, why does that happen", "returns none")]
    [InlineData("docker compose keeps restarting my container, help", "keeps restarting")]
    [InlineData("my django pod is stuck in a crash loop after the upgrade, any ideas?", "crash loop")]
    [InlineData("my flask app keeps throwing 'working outside of application context' in a background thread, how do i fix that", "keeps throwing")]
    public void A_fault_reported_with_a_plea_to_fix_it_is_declined(string question, string fault)
    {
        // The articles compare frameworks; they never troubleshoot one, however many of the
        // question's words they use.
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered, $"answered with confidence {result.Confidence}: {result.Best?.Passage.Id}");
        Assert.Contains($"declined: asks to troubleshoot \"{fault}\"", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Theory]
    [InlineData("django reinhardt style gypsy jazz chords for beginners, where do i start", "reinhardt")]
    [InlineData("who played django in the tarantino movie?", "tarantino")]
    [InlineData("engraved hip flask as a retirement gift, what size looks classy", "hip flask")]
    [InlineData("erlenmeyer vs volumetric flask for titration", "erlenmeyer")]
    public void A_subject_named_with_a_word_of_another_thing_of_its_name_is_declined(string question, string sense)
    {
        // The articles know "beginners", "size" and "vs"; the question is still not about the framework.
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered, $"answered with confidence {result.Confidence}: {result.Best?.Passage.Id}");
        Assert.Contains($"declined: \"{sense}\" makes it another thing", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Theory]
    [InlineData("is django good for a movie database site")]
    [InlineData("which one is better for a lab's data app, django or flask")]
    public void A_word_that_may_describe_the_framework_does_not_make_it_another_thing(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
        Assert.DoesNotContain("another thing", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Theory]
    [InlineData("does flask have good error handling")]
    [InlineData("my django app is slow under load, any idea why")]
    [InlineData("which framework helps me avoid security bugs")]
    [InlineData("does django handle request timeouts well")]
    [InlineData("which one leaks less memory under load")]
    public void A_fault_named_without_a_plea_to_fix_it_or_a_why_without_a_fault_is_not_troubleshooting(string question)
    {
        var result = _snapshot.Searcher.Search(question);

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
        Assert.DoesNotContain("troubleshoot", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Fact]
    public void Two_things_set_against_each_other_in_a_question_about_the_subjects_are_a_detail_of_it()
    {
        // "each" points back at the two frameworks: the settings file and the environment are
        // what the question weighs about them, not things it asks for instead of them.
        var best = Best("where does the config go in each? settings.py vs env vars?").Passage;

        Assert.True(Says(best, "settings"), $"{best.Id} is not about settings");
    }

    [Theory]
    [InlineData("quick q: which one has the better docs")]
    [InlineData("hey, quick question, which one is easier to learn")]
    [InlineData("quick django q - which one has the better docs")]
    public void A_phrase_that_only_announces_a_question_names_no_topic(string question)
    {
        // "quick" alone is speed, but "quick question" says nothing of what is asked.
        var terms = Terms(question);

        Assert.DoesNotContain("#performance", terms);
        Assert.DoesNotContain("quick", terms);
    }

    [Theory]
    [InlineData("is it true that flask gets fewer updates than django")]
    [InlineData("isn't it really true the big one is slower")]
    public void Is_it_true_announces_a_question_and_true_is_no_topic_of_it(string question)
    {
        Assert.DoesNotContain("true", Terms(question));
    }

    [Fact]
    public void The_word_inside_a_phrase_that_announces_a_question_still_says_what_it_is_about()
    {
        var terms = Terms("quick django q - which one has the better docs");

        Assert.Contains("#django", terms);
        Assert.DoesNotContain("q", terms);
    }

    [Theory]
    [InlineData("hackathon this wknd, need something up asap - flask or django?", "prototyping")]
    [InlineData("does flask get as many bugfix releases as django? worried about vulns", "fewer updates and bug fixes")]
    [InlineData("tbh im worried flask gets fewer patches than django", "fewer updates and bug fixes")]
    [InlineData("whats the catch w/ flask? sounds almost too good", "Weaknesses|Cons|Limitations|Disadvantages")]
    [InlineData("what was django originally designed for, like its main purpose?", "primary goal")]
    [InlineData("$$ question lol: roughly what do django vs flask devs get paid?", "Salary")]
    [InlineData("what was django intended for in the first place", "primary goal")]
    [InlineData("flask doesn't ship an orm, right? what do people plug in", "SQLAlchemy")]
    [InlineData("what big sites actually run on django these days?", "Instagram")]
    [InlineData("we're a microsoft shop, can the django orm talk to sql server", "MSSQL")]
    [InlineData("how much do flask developers cost to hire?", "Salary Range")]
    public void Chat_words_for_a_topic_find_the_passage_in_the_articles_words(string question, string evidence)
    {
        // A hackathon is a prototype's occasion; patches and bugfix releases are the articles'
        // "updates and bug fixes"; "the catch" is a drawback; a purpose, what a thing was meant or
        // intended for, is a "primary goal"; what developers get paid is their salary (Porter
        // leaves "paid" apart from "pay"); what a framework does not ship it does not come with
        // (where "ship" alone is deploying); what sites run on a framework are its well-known users.
        AssertBestSays(question, evidence);
    }

    [Theory]
    [InlineData("we're building an MVP, which one gets us there faster")]
    [InlineData("hackathon demo on friday, which is fastest to get on screen?")]
    public void Speed_asked_about_a_prototype_is_how_fast_it_is_built(string question)
    {
        Assert.True(Says(Best("two of us building an mvp for a pitch, which one gets us there faster?").Passage, "prototyp"));
        // Beside a prototype, "faster" is the speed of building it (vocabulary's read_beside),
        // not response time: the prototype is the topic, and its passages say how fast.
        var terms = Terms(question);

        Assert.Contains("#mvp", terms);
        Assert.DoesNotContain("#performance", terms);
    }

    [Theory]
    [InlineData("need to ship an MVP in like 3 wks for an investor demo, django or flask?")]
    [InlineData("we have to ship a prototype by friday, which one?")]
    public void Shipping_a_prototype_is_building_it_not_deploying_it(string question)
    {
        // "ship" is deploying beside a server ("shipping django to prod"); beside a prototype it
        // is getting the prototype built and out (vocabulary's read_beside), which is what the
        // prototype passages say; the deployment passages say nothing of a deadline.
        var terms = Terms(question);

        Assert.Contains("#mvp", terms);
        Assert.DoesNotContain("#deploy", terms);
        Assert.True(Says(Best(question).Passage, "prototyp"), Best(question).Passage.Id);
        Assert.Contains("#deploy", Terms("is shipping django to prod a pain compared to flask?"));
    }

    [Theory]
    [InlineData("hey so for an e-learning site w/ millions of users which one makes sense? any real example?")]
    [InlineData("we're an edtech w/ around 2 million students and it keeps growing. did anyone in a similar spot go with django and why?")]
    public void An_e_learning_site_is_a_kind_of_site_not_the_learning_curve(string question)
    {
        // "e-learning" tokenizes as "e" and "learning", and "learning" alone is the learning
        // curve: the vocabulary makes the whole word a kind of site, which the case study is.
        Assert.DoesNotContain("#learning_curve", Terms(question));
        var best = Best(question).Passage;

        Assert.True(Says(best, "e-learning platform"), $"{best.Id} is not the e-learning case study");
    }

    [Theory]
    [InlineData("tl;dr which one should i pick")]
    [InlineData("so which one?")]
    public void A_question_that_only_asks_which_one_asks_how_the_subjects_compare(string question)
    {
        // Every word of it is a stop word; in a conversation about two frameworks it asks which
        // of them, as "django or flask?" does, and the passages that weigh one against the other
        // answer it.
        var best = Best(question).Passage;
        var text = $"{best.Heading} {best.Text}";

        Assert.Contains("Django", text, StringComparison.Ordinal);
        Assert.Contains("Flask", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thanks, that's it")]
    [InlineData("ok got it")]
    public void A_reply_that_asks_nothing_is_not_answered_with_passages(string message)
    {
        // It points back ("it") but asks no question: no passage is its answer.
        AssertDeclined(message);
    }

    [Theory]
    [InlineData("does pyramid have a built-in admin panel like django's?")]
    [InlineData("does spring boot have something like the django admin or do java ppl just build it")]
    public void A_question_about_another_framework_likened_to_a_subject_is_declined(string question)
    {
        // The thing right after the opening "does" is what is asked about; Django is only what it
        // is likened to, so the articles' admin passages do not answer it.
        AssertDeclined(question);
    }

    [Fact]
    public void A_subject_named_as_what_is_used_is_still_asked_about()
    {
        // "does nasa use django" asks about Django's users, not about NASA.
        Assert.True(_snapshot.Searcher.Search("does nasa or reddit actually use django or is that a myth").Answered);
    }

    [Theory]
    [InlineData("which one has the bigger crowd of people helping out if i get stuck at 2am?")]
    [InlineData("is the flask crowd cool with ppl doing things their own weird way")]
    public void The_crowd_around_a_framework_is_its_community(string question)
    {
        Assert.Contains("#community", Terms(question));
        var best = Best(question).Passage;

        Assert.Contains("communit", $"{best.Heading} {best.Text}", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Growing_users_is_scaling_not_a_growing_job_market()
    {
        // "grow" alone is also the job market's ("is the flask job market growing"); "when we
        // grow" and "10x the visitors" are the app's traffic.
        var terms = Terms("will it cope when we grow? marketing is planning a big campaign and we might get 10x the visitors overnight");

        Assert.Contains("#scalability", terms);
        Assert.DoesNotContain("grow", terms);
    }

    [Theory]
    [InlineData("team of 12, very mixed seniority, and i need everyone writing code the same way. which framework keeps things consistent?")]
    [InlineData("the juniors keep going off in their own direction. which framework helps keep everyone on the same page?")]
    public void Keeping_a_team_on_the_same_page_is_consistency_and_conventions(string question)
    {
        // The articles say it as "structure and consistency" in one place and "the same
        // conventions and best practices" in another; chat says "on the same page".
        Assert.Contains("#consistency", Terms(question));
    }

    [Fact]
    public void Uniform_code_is_what_the_passages_call_consistency()
    {
        var best = Best("does flask keep a team's code uniform?").Passage;

        Assert.True(Says(best, "structure and consistency"), $"{best.Id} says nothing of consistency");
    }

    [Fact]
    public void Next_names_no_topic()
    {
        // The articles' one "next" ("your next web development venture") made a passage about
        // deciding the answer to when the next conference is.
        AssertDeclined("what's the exact date of the next djangocon and where is it?");
        Assert.DoesNotContain("next", Terms("which one for our next project, an internal dashboard?"));
    }

    [Fact]
    public void Insecure_is_about_security()
    {
        // The question's only topic is the opposite of the articles' word: "is flask insecure"
        // asks what they say of its security, not something they never mention.
        var best = Best("is flask insecure?? our pentest vendor flagged that we picked it lol").Passage;

        Assert.Contains("security", best.Heading, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Flask", best.Heading, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("why do ppl say django is hard to learn? like what exactly makes it a pain", "Learning Curve")]
    [InlineData("what goes into the django settings file? trying to figure out where to put our db config", "The settings file contains the configuration options")]
    public void Words_that_narrow_a_question_name_no_topic(string question, string evidence)
    {
        // "what exactly" does not ask for a kind of thing called "exactly" (the question was
        // declined as asking beyond the articles), and "trying to figure out" is no topic: the
        // articles' "try them both" drew the ranking to a passage about choosing.
        AssertBestSays(question, evidence);
    }

    [Fact]
    public void Speed_alone_is_still_performance()
    {
        Assert.Contains("#performance", Terms("which one is faster under load"));
        // Chat's word for it too: "snappier" is performance, not a word the articles never use.
        Assert.Contains("#performance", Terms("which one is snappier per service?"));
    }

    [Theory]
    [InlineData("our devs go from interns to 10-year veterans, which framework copes with that?")]
    [InlineData("team is a couple of seniors plus a bunch of juniors, does that push us one way?")]
    public void Juniors_and_seniors_named_together_are_a_team_of_mixed_skill_levels(string question)
    {
        // Neither word says "varying skill levels", and each alone finds passages about
        // beginners or about experienced developers; together they make the vocabulary's
        // "skill levels" topic.
        Assert.Contains("#skill_levels", Terms(question));
        var best = Best(question).Passage;

        Assert.True(Says(best, "varying skill levels"), $"{best.Id} does not say \"varying skill levels\"");
    }

    [Theory]
    [InlineData("what happens if my flask app grows", "Scalab")]
    [InlineData("what breaks first in flask at scale", "Scalab")]
    [InlineData("what happens when traffic spikes on flask", "traffic")]
    public void A_verb_after_what_asks_what_a_thing_does_and_is_answered(string question, string evidence)
    {
        // "happens" and "breaks" are words no article uses, right after "what", but they are not a
        // kind of thing asked for the way "which laptop" is.
        AssertBestSays(question, evidence);
    }

    [Theory]
    [InlineData("should our django app use poetry or pipenv", "poetry")]
    [InlineData("gunicorn workers: gevent or eventlet for a flask app", "gevent")]
    public void A_choice_between_two_things_the_articles_never_use_is_declined(string question, string first)
    {
        // The subject and the rest are known; what is chosen between is not.
        AssertDeclined(question);
        Assert.Contains($"\"{first}\"", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Fact]
    public void Two_unknown_things_given_as_examples_only_say_what_is_meant()
    {
        Assert.True(_snapshot.Searcher.Search("does django come with a cli like artisan or yeoman").Answered);
    }

    [Theory]
    [InlineData("how do I write a django signal handler")]
    [InlineData("how to read a json file in python")]
    [InlineData("how do I train a neural network in python")]
    [InlineData("best keyboard for coding")]
    [InlineData("good headphones for programming")]
    [InlineData("write me a poem about flask")]
    [InlineData("what's a good python library for parsing pdfs")]
    [InlineData("walk me through setting up redis caching in a django app")]
    [InlineData("can you recommend a color scheme for my flask site")]
    [InlineData("anyone have a helm chart for deploying a django app to k8s")]
    [InlineData("can someone share a dockerfile for a flask app, like step by step")]
    [InlineData("whats the command to create a superuser in django again, always forget")]
    [InlineData("anyone using htmx w/ either of these? how do u wire up partial templates")]
    [InlineData("lol off topic but can anyone recommend a decent erlenmeyer flask for home brewing")]
    [InlineData("how do i set up SSO with okta in a django project")]
    [InlineData("quick python q: cleanest way to flatten a nested list of lists?")]
    // The thing ends a name of a few words the articles do use: "postgres service container".
    [InlineData("how do i spin up a postgres service container for the django test run")]
    [InlineData("how do i add a flask admin export button")]
    // What an equivalent is asked of ("signals") is the thing asked about.
    [InlineData("does flask have an equivalent to django's signals")]
    [InlineData("what's the django equivalent of flask's g object")]
    // Named twice, asked how to set up the second time.
    [InlineData("webpack output is huge for our flask app, how do i configure webpack to split chunks")]
    public void A_how_to_or_best_of_question_whose_thing_the_articles_never_mention_is_declined(string question)
    {
        // The first word of what is asked for ("signal", "json", "keyboard", the name "SSO") is a
        // word no article uses; the rest ("write", "handler", "python", "programming") is known.
        var result = _snapshot.Searcher.Search(question);

        Assert.False(result.Answered, $"answered with confidence {result.Confidence}: {result.Best?.Passage.Id}");
        Assert.Contains("declined: asks about", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Theory]
    [InlineData("how do I serve static files in flask", "static")]
    [InlineData("how do I add user authentication to django", "authentication")]
    [InlineData("how do I render html templates in flask", "template")]
    [InlineData("best framework for a beginner", "beginner")]
    // "em" is "them", a pronoun, not a thing the articles never mention.
    [InlineData("noob q: where do my css and js files live in a flask app and how do i link em from the html", "static")]
    // "guys" is no verb taking "db schema" as its thing.
    [InlineData("how do u guys handle db migrations in flask", "migration")]
    [InlineData("is there a django equivalent of flask blueprints", "Blueprint|apps")]
    // "or" between words that describe is no choice between two unknown things.
    [InlineData("flask plus sqlalchemy, is that a common combo or odd", "SQLAlchemy")]
    // A subject between a word and its "than" is what is compared.
    [InlineData("we host on heroku, is deploying flask harder than django there", "deploy")]
    public void A_how_to_or_best_of_question_about_what_the_articles_cover_is_answered(string question, string evidence)
    {
        AssertBestSays(question, evidence);
    }

    [Fact]
    public void A_participle_describes_what_a_how_to_question_asks_for_and_is_not_itself_the_thing()
    {
        // "trained" is a word no article uses, but the thing asked for is the model.
        var result = _snapshot.Searcher.Search("how do I put a trained model behind a web page");

        Assert.True(result.Answered, $"declined with confidence {result.Confidence}");
    }

    [Fact]
    public void A_decline_for_a_question_about_something_mentioned_in_passing_says_where_it_is_mentioned()
    {
        var result = _snapshot.Searcher.Search("is FastAPI better?");
        var message = Declining.Message(_snapshot.Knowledge, result.Subjects, result.MentionedInPassing);

        var mention = Assert.Single(result.MentionedInPassing);
        Assert.Equal("FastAPI", mention.Name);
        Assert.Contains("FastAPI", mention.Passage.Text);
        Assert.StartsWith("My articles mention FastAPI only in passing (in ", message);
        Assert.Contains($"under \"{mention.Passage.SectionHeadings.Last()}\"", message);
        Assert.Contains("questions about Django and Flask", message);
    }

    [Theory]
    [InlineData("how do i configure nginx as a reverse proxy in front of gunicorn, what goes in the server block?", "nginx")]
    [InlineData("can someone paste a docker-compose file for postgres + django, asking for a friend", "docker")]
    public void How_to_set_up_a_name_the_articles_only_list_is_declined_saying_where_it_is_listed(string question, string name)
    {
        // Nginx and Docker are each named once, in a list: nothing there says how to set them up.
        var result = _snapshot.Searcher.Search(question);

        AssertDeclined(question);
        Assert.Contains(result.MentionedInPassing, mention => mention.Name == name);
    }

    [Theory]
    [InlineData("how many gunicorn workers should i set on a 4 core box")]
    [InlineData("how many servers does instagram run for their django backend")]
    [InlineData("how many requests per second exactly can flask handle on a t3.medium? need a hard number for the capacity doc")]
    public void A_count_the_articles_never_give_is_declined(string question)
    {
        // The articles count nothing (their numbers are years and versions), however near in
        // meaning a passage about workers or requests comes.
        AssertDeclined(question);
        Assert.Contains("a count the articles never give", _snapshot.Searcher.Explain(question).ConfidenceBasis);
    }

    [Fact]
    public void How_to_deploy_on_a_platform_the_articles_never_mention_is_declined_and_on_one_they_mention_is_answered()
    {
        AssertDeclined("how do i deploy a flask app on vercel");
        Assert.Contains("asks about \"vercel\"", _snapshot.Searcher.Explain("how do i deploy a flask app on vercel").ConfidenceBasis);
        Assert.True(Says(Best("how do I deploy flask to heroku").Passage, "deploy"));
        Assert.True(Says(Best("how do I deploy my django app to the cloud").Passage, "deploy"));
    }

    [Fact]
    public void How_many_years_is_not_a_count_the_articles_never_give()
    {
        // They give years ("created in 2003"), which say how many years.
        Assert.DoesNotContain("a count the articles never give", _snapshot.Searcher.Explain("how many years has django been around?").ConfidenceBasis);
    }

    [Fact]
    public void A_decline_for_a_fault_to_fix_says_the_articles_do_not_troubleshoot()
    {
        var result = _snapshot.Searcher.Search("my flask app crashes on startup, any idea why");
        var message = Declining.Message(_snapshot.Knowledge, result);

        Assert.True(result.AsksToTroubleshoot);
        Assert.StartsWith("My articles don't troubleshoot errors or crashes", message);
        Assert.Contains("questions about Django and Flask", message);
    }

    [Fact]
    public void A_decline_for_a_question_about_a_subject_says_what_the_articles_cover_about_it()
    {
        var result = _snapshot.Searcher.Search("Who directed Django Unchained?");
        var message = Declining.Message(_snapshot.Knowledge, result.Subjects);

        Assert.False(result.Answered);
        Assert.Contains("What they cover about Django:", message);
        Assert.Contains("security", message);
        Assert.DoesNotContain("questions about Django and Flask", message);
        // Headings on the comparison ("How do Flask and Django work?") are not Django's topics.
        Assert.DoesNotContain("flask", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("how do", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Confidence_comes_from_the_fitted_model_file_shipped_with_the_product()
    {
        var model = ConfidenceModel.Default;

        Assert.Equal(ConfidenceFeatures.Names.Order(), model.Weights.Keys.Order());
        Assert.NotEmpty(model.FittedOn);
    }
}
