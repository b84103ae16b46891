// The desk page: starts a Direct Line conversation with the host and renders Microsoft's Web Chat
// on it. Web Chat polls the host (no WebSocket) and renders the bot's Adaptive Cards itself; this
// script never puts text into the page as HTML (the status line uses textContent).
//
// The conversation lives in the host's database, so it outlives a restart of the host (or of the
// replica serving it). Web Chat's Direct Line client stops polling for good at the first poll that
// does not reach the host (or gets a 5xx), though, and says nothing; so this script notices such a
// poll, waits for the host to answer again and carries on with the same conversation from the last
// activity shown: no reload, nothing lost.
(function () {
  'use strict';

  var directLineDomain = window.location.origin + '/v3/directline';
  var status = document.getElementById('desk-status');
  var chat = document.getElementById('webchat');

  function showStatus(text) {
    status.textContent = text;
    status.hidden = false;
  }

  function hideStatus() {
    status.hidden = true;
    status.textContent = '';
  }

  if (!window.WebChat) {
    showStatus('Web Chat did not load from /desk/webchat.js. Rebuild the host: the build installs it with npm.');
    return;
  }

  var adaptiveCard = 'application/vnd.microsoft.card.adaptive';

  // Every reply carries its whole plain text, which Web Chat's screen-reader transcript reads out.
  // A reply with a card says it all in the card, so the page shows the card alone: the text is
  // left out of what is drawn, not out of the activity.
  function cardsAlone() {
    return function (next) {
      return function () {
        var args = Array.prototype.slice.call(arguments);
        var activity = args[0] && args[0].activity;
        var hasCard = activity && activity.from && activity.from.role === 'bot' && activity.text &&
          (activity.attachments || []).some(function (attachment) { return attachment.contentType === adaptiveCard; });
        if (hasCard) {
          args[0] = Object.assign({}, args[0], { activity: Object.assign({}, activity, { text: '' }) });
        }
        return next.apply(null, args);
      };
    };
  }

  // Web Chat renders card text with markdown-it, which links anything that looks like a domain
  // name: "manage.py" and "ASP.NET" would become links to http://manage.py and http://ASP.NET.
  // The bot escapes only real Markdown, so such guessed links are turned back into their text
  // here; links the card spells out ([title](url), a full https:// address) stay links.
  function renderMarkdown(markdown, styleOptions, options) {
    var html = window.WebChat.renderMarkdown(markdown, styleOptions, options);
    var template = document.createElement('template');
    template.innerHTML = html;
    Array.prototype.forEach.call(template.content.querySelectorAll('a[href]'), function (link) {
      var text = link.textContent.replace(/\s+/g, '');
      if (link.getAttribute('href') === 'http://' + text) {
        link.replaceWith(document.createTextNode(link.textContent));
      }
    });
    return template.innerHTML;
  }

  // A feedback button is used once: after a click on "Helpful", or on "Send" under "Not helpful",
  // the card's feedback buttons and its comment box are disabled and the button clicked is marked
  // pressed, so an answer is not rated twice by accident. The labels are the bot's own.
  var feedbackLabels = ['Helpful', 'Not helpful', 'Send'];
  chat.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button.ac-pushButton');
    if (!button || (button.textContent.trim() !== 'Helpful' && button.textContent.trim() !== 'Send')) {
      return;
    }
    var card = button.closest('.ac-adaptiveCard');
    while (card && card.parentElement && card.parentElement.closest('.ac-adaptiveCard')) {
      card = card.parentElement.closest('.ac-adaptiveCard');
    }
    // After the click has been handled, so the rating still goes out.
    setTimeout(function () {
      button.setAttribute('aria-pressed', 'true');
      Array.prototype.forEach.call(card.querySelectorAll('button.ac-pushButton, textarea, input'), function (control) {
        if (control.tagName !== 'BUTTON' || feedbackLabels.indexOf(control.textContent.trim()) >= 0) {
          control.disabled = true;
          control.setAttribute('aria-disabled', 'true');
        }
      });
    }, 0);
  }, true);

  // One store for the page: the transcript stays on screen across reconnections.
  var store = window.WebChat.createStore();

  // The Direct Line client polls with XMLHttpRequest: watch its polls for one that fails.
  var onPollFailed = function () {};
  var pollPattern = /\/v3\/directline\/conversations\/[^/]+\/activities\?/;
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (method === 'GET' && pollPattern.test(String(url))) {
      this.addEventListener('error', function () { onPollFailed(); });
      this.addEventListener('timeout', function () { onPollFailed(); });
      this.addEventListener('load', function () {
        if (this.status >= 500) {
          onPollFailed();
        }
      });
    }
    return open.apply(this, arguments);
  };

  function delay(milliseconds) {
    return new Promise(function (resolve) { setTimeout(resolve, milliseconds); });
  }

  function startConversation() {
    return fetch('/v3/directline/conversations', { method: 'POST', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('the host answered ' + response.status);
        }
        return response.json();
      });
  }

  // The conversation as the host has it now: null when it has ended (its token expired, say),
  // a rejected promise while the host cannot be reached.
  function findConversation(conversationId, token) {
    return fetch('/v3/directline/conversations/' + encodeURIComponent(conversationId), {
      headers: { Accept: 'application/json', Authorization: 'Bearer ' + token }
    }).then(function (response) {
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        return null;
      }
      if (!response.ok) {
        throw new Error('the host answered ' + response.status);
      }
      return response.json();
    });
  }

  // Waits for the host, then resumes the conversation where the page left it, or starts a new
  // one if it has ended meanwhile.
  function recover(previous) {
    showStatus('Lost the connection to the bot. Reconnecting…');
    function attempt() {
      return findConversation(previous.conversationId, previous.token)
        .then(function (conversation) {
          if (conversation) {
            connect(conversation, previous.watermark);
            hideStatus();
            return;
          }
          return startConversation().then(function (fresh) {
            connect(fresh, undefined);
            showStatus('The previous conversation had ended, so a new one has started.');
          });
        })
        .catch(function () {
          return delay(1000).then(attempt);
        });
    }
    return attempt();
  }

  function connect(conversation, watermark) {
    var directLine = window.WebChat.createDirectLine({
      token: conversation.token,
      conversationId: conversation.conversationId,
      watermark: watermark,
      domain: directLineDomain,
      webSocket: false,
      // The host is local: poll briskly so answers show at once.
      pollingInterval: 300
    });
    var recovering = false;
    function lost() {
      if (recovering) {
        return;
      }
      recovering = true;
      // Web Chat keeps the refreshed token and the watermark on the connection.
      var previous = { conversationId: directLine.conversationId, token: directLine.token, watermark: directLine.watermark };
      directLine.end();
      recover(previous);
    }
    onPollFailed = lost;
    // The status turns ExpiredToken (3), FailedToConnect (4) or Ended (5) when the host refuses
    // the conversation or its token.
    directLine.connectionStatus$.subscribe(function (connectionStatus) {
      if (connectionStatus >= 3) {
        lost();
      }
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        activityMiddleware: cardsAlone,
        renderMarkdown: renderMarkdown,
        locale: 'en-US',
        styleOptions: {
          botAvatarInitials: 'AB',
          userAvatarInitials: 'You',
          hideUploadButton: true,
          bubbleMaxWidth: 640,
          // Card text is the bot's plain text with Markdown escaped: HTML in it is text too.
          markdownRenderHTML: false,
          // Suggestions wrap onto a second line instead of a carousel whose arrow covers the third.
          suggestedActionLayout: 'flow'
        },
        overrideLocalizedStrings: {
          TEXT_INPUT_PLACEHOLDER: 'Ask about Django or Flask, or type /choose-framework'
        }
      },
      chat
    );
  }

  startConversation()
    .then(function (conversation) {
      connect(conversation, undefined);
    })
    .catch(function (error) {
      showStatus('Could not start a conversation with the bot (' + error.message + '). Reload the page to try again.');
    });
})();
