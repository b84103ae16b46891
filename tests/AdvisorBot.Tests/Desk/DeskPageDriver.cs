using AdvisorBot.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace AdvisorBot.Tests.Desk;

/// <summary>
/// The desk page as a person uses it in the browser: type into Web Chat's send box, read the
/// Adaptive Cards it renders, click their buttons. Waits are on what the page shows, never fixed.
/// </summary>
public sealed class DeskPageDriver(ChromeDriver driver)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public ChromeDriver Driver => driver;

    public void Open(Uri host)
    {
        driver.Navigate().GoToUrl(host);
        WaitForCards(1);
    }

    /// <summary>Waits for the page's status line (shown when something is wrong); returns its text.</summary>
    public string WaitForStatus() => Wait().Until(d => d.FindElement(By.Id("desk-status")) is { Displayed: true } line ? line.Text : null)!;

    public void WaitUntilStatusGone() => Wait().Until(d => !d.FindElement(By.Id("desk-status")).Displayed);

    /// <summary>The Adaptive Cards in the transcript, oldest first.</summary>
    public IReadOnlyList<IWebElement> Cards => driver.FindElements(By.CssSelector(".webchat__basic-transcript .ac-adaptiveCard"));

    public IWebElement LastCard => Cards[^1];

    public IReadOnlyList<IWebElement> WaitForCards(int count)
    {
        Wait().Until(_ => Cards.Count >= count);
        return Cards;
    }

    /// <summary>Types <paramref name="text"/> into the send box and sends it; returns once the
    /// bot's answer (one more card) is on the page.</summary>
    public IWebElement Ask(string text)
    {
        var before = Cards.Count;
        var input = Wait().Until(d => d.FindElement(By.CssSelector("[data-id='webchat-sendbox-input']")));
        input.SendKeys(text);
        input.SendKeys(Keys.Enter);
        return WaitForCards(before + 1)[^1];
    }

    /// <summary>Clicks the card's button titled <paramref name="title"/>; returns the next card.</summary>
    public IWebElement Click(IWebElement card, string title) => Click(Buttons(card).Single(button => button.Text.Trim() == title));

    public IWebElement Click(IWebElement button)
    {
        var before = Cards.Count;
        WaitUntilStill(button);
        button.Click();
        return WaitForCards(before + 1)[^1];
    }

    /// <summary>Web Chat scrolls new messages into view with an animation; a click aimed at a
    /// button still moving would land elsewhere, so wait until it is at rest in view.</summary>
    private void WaitUntilStill(IWebElement button)
    {
        new Actions(driver).ScrollToElement(button).Perform();
        int? last = null;
        var wait = Wait();
        wait.PollingInterval = TimeSpan.FromMilliseconds(100);
        wait.Until(_ =>
        {
            var y = button.Location.Y;
            var still = last == y;
            last = y;
            return still;
        });
    }

    public static IReadOnlyList<IWebElement> Buttons(IWebElement card) => card.FindElements(By.CssSelector("button.ac-pushButton"));

    /// <summary>The card's tappable rows (containers with a select action): a flow step's options,
    /// and choices too long for a button.</summary>
    public static IReadOnlyList<IWebElement> Options(IWebElement card) => card.FindElements(By.CssSelector(".ac-container.ac-selectable"));

    /// <summary>Scrolls the transcript so <paramref name="card"/> starts at its top (for a screenshot of it).</summary>
    public void ScrollTo(IWebElement card)
    {
        driver.ExecuteScript("arguments[0].scrollIntoView({block: 'start'});", card);
        WaitUntilStill(card);
    }

    /// <summary>Clicks a "Show more" kind of button, which changes the card in place.</summary>
    public void Toggle(IWebElement card, string title)
    {
        var button = Buttons(card).Single(candidate => candidate.Text.Trim() == title);
        WaitUntilStill(button);
        var height = card.Size.Height;
        button.Click();
        Wait().Until(_ => card.Size.Height != height);
    }

    /// <summary>The transcript's visible width and height: what fits without scrolling.</summary>
    public (int Width, int Height) TranscriptSize()
    {
        var size = driver.FindElement(By.CssSelector(".webchat__basic-transcript")).Size;
        return (size.Width, size.Height);
    }

    /// <summary>The user's own messages as the transcript shows them.</summary>
    public IReadOnlyList<string> UserBubbles =>
        driver.FindElements(By.CssSelector(".webchat__bubble--from-user .webchat__bubble__content")).Select(bubble => bubble.Text).ToList();

    /// <summary>
    /// What the page logged as a warning or an error. One thing is left out: Web Chat passes every
    /// card action to its own handler after the Adaptive Cards library has run it, and logs
    /// "received unknown action" (then the action object) for the ones it has no use for, such as
    /// Action.ToggleVisibility, which the library has already carried out ("Show more" works).
    /// </summary>
    public IReadOnlyList<string> ConsoleErrors()
    {
        var entries = driver.Manage().Logs.GetLog(LogType.Browser).Where(entry => entry.Level >= LogLevel.Warning).Select(entry => entry.Message).ToList();
        var errors = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Contains("Web Chat: received unknown action from Adaptive Cards", StringComparison.Ordinal))
            {
                i++;
                continue;
            }
            errors.Add(entries[i]);
        }
        return errors;
    }

    /// <summary>Where the screenshots go: <c>TestResults/desk-screenshots/</c> at the repository's
    /// root (ignored by git), kept after the run as the test's artifacts.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryPaths.Root, "TestResults", "desk-screenshots");

    /// <summary>Saves what the browser shows as <c>{name}.png</c> in <see cref="ScreenshotDirectory"/>; returns its path.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, $"{name}.png");
        driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    /// <summary>Every message in the transcript, the person's and the bot's, oldest first.</summary>
    public IReadOnlyList<IWebElement> Activities => driver.FindElements(By.CssSelector(".webchat__basic-transcript__activity"));

    /// <summary>All the text of a transcript entry, including what only a screen reader gets.</summary>
    public string ScreenReaderText(IWebElement activity) => (string)driver.ExecuteScript("return arguments[0].textContent;", activity)!;

    /// <summary>The suggested actions above the send box, by their labels.</summary>
    public IReadOnlyList<string> SuggestedActions =>
        Wait().Until(d =>
        {
            var labels = d.FindElements(By.CssSelector(".webchat__suggested-actions button")).Select(button => button.Text.Trim()).Where(label => label.Length > 0).ToList();
            return labels.Count > 0 ? labels : null;
        })!;

    /// <summary>The suggested actions' buttons above the send box.</summary>
    public IReadOnlyList<IWebElement> SuggestedActionButtons =>
        driver.FindElements(By.CssSelector(".webchat__suggested-actions button")).Where(button => button.Text.Trim().Length > 0).ToList();

    /// <summary>Whether the middle and both ends of <paramref name="element"/> are the element itself
    /// to the browser (what a tap there would hit), not something drawn over it.</summary>
    public bool IsUncovered(IWebElement element) => (bool)driver.ExecuteScript(
        """
        const element = arguments[0];
        const box = element.getBoundingClientRect();
        const y = box.top + box.height / 2;
        return [box.left + 2, box.left + box.width / 2, box.right - 2].every(x => {
          const hit = document.elementFromPoint(x, y);
          return hit !== null && (hit === element || element.contains(hit));
        });
        """, element)!;

    /// <summary>The WCAG contrast ratio of the element's text against the background it is drawn on.</summary>
    public double Contrast(IWebElement element) => Convert.ToDouble(driver.ExecuteScript(
        """
        const parse = color => color.match(/[\d.]+/g).map(Number);
        const text = arguments[0].querySelector('.ac-textBlock') || arguments[0];
        let background = arguments[0];
        while (background && parse(getComputedStyle(background).backgroundColor)[3] === 0) background = background.parentElement;
        const luminance = ([r, g, b]) => [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        const [a, b] = [luminance(parse(getComputedStyle(text).color)), luminance(parse(getComputedStyle(background || document.body).backgroundColor))];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        """, element), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the element's background is red (a destructive button).</summary>
    public bool IsReddish(IWebElement element) => (bool)driver.ExecuteScript(
        "const [r, g, b] = getComputedStyle(arguments[0]).backgroundColor.match(/[\\d.]+/g).map(Number); return r > 150 && g < 100 && b < 100;", element)!;

    /// <summary>Links the page made up from text that only looks like an address (manage.py
    /// becoming http://manage.py), in every card.</summary>
    public IReadOnlyList<string> GuessedLinks() =>
        ((IReadOnlyCollection<object>)driver.ExecuteScript(
            "return Array.from(document.querySelectorAll('.ac-adaptiveCard a[href]')).filter(a => a.getAttribute('href') === 'http://' + a.textContent.trim()).map(a => a.textContent);")!)
        .Select(link => (string)link).ToList();

    /// <summary>Clicks a button that opens a form in the card (Action.ShowCard) and waits for the form.</summary>
    public void Open(IWebElement card, string title)
    {
        var button = Buttons(card).Single(candidate => candidate.Text.Trim() == title);
        WaitUntilStill(button);
        button.Click();
        Wait().Until(_ => card.FindElements(By.CssSelector("textarea, input[type='text']")).Any(input => input.Displayed));
    }

    /// <summary>Types <paramref name="text"/> into the card's open form and clicks its "Send"; returns the next card.</summary>
    public IWebElement Send(IWebElement card, string text)
    {
        var input = card.FindElements(By.CssSelector("textarea, input[type='text']")).First(candidate => candidate.Displayed);
        input.SendKeys(text);
        return Click(Buttons(card).Single(button => button.Text.Trim() == "Send"));
    }

    /// <summary>The page's width and the width of its content: more content than page means the
    /// person has to scroll sideways.</summary>
    public (long Page, long Content) Widths()
    {
        var widths = (IReadOnlyCollection<object>)driver.ExecuteScript("return [window.innerWidth, document.documentElement.scrollWidth];")!;
        return ((long)widths.First(), (long)widths.Last());
    }

    private WebDriverWait Wait()
    {
        var wait = new WebDriverWait(driver, Patience) { PollingInterval = TimeSpan.FromMilliseconds(50) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait;
    }
}
