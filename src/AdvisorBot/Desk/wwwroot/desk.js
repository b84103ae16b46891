// The desk page: starts a Direct Line conversation with the host and renders Microsoft's Web Chat
// on it. Web Chat polls the host (no WebSocket) and renders the bot's Adaptive Cards itself; this
// script never puts text into the page as HTML (the status line uses textContent).
(function () {
  'use strict';

  var status = document.getElementById('desk-status');

  function showStatus(text) {
    status.textContent = text;
    status.hidden = false;
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

  fetch('/v3/directline/conversations', { method: 'POST', headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) {
        throw new Error('the host answered ' + response.status);
      }
      return response.json();
    })
    .then(function (conversation) {
      var directLine = window.WebChat.createDirectLine({
        token: conversation.token,
        domain: window.location.origin + '/v3/directline',
        webSocket: false,
        // The host is local: poll briskly so answers show at once.
        pollingInterval: 300
      });
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          activityMiddleware: cardsAlone,
          locale: 'en-US',
          styleOptions: {
            botAvatarInitials: 'AB',
            userAvatarInitials: 'You',
            hideUploadButton: true,
            bubbleMaxWidth: 640
          },
          overrideLocalizedStrings: {
            TEXT_INPUT_PLACEHOLDER: 'Ask about Django or Flask, or type /choose-framework'
          }
        },
        document.getElementById('webchat')
      );
    })
    .catch(function (error) {
      showStatus('Could not start a conversation with the bot (' + error.message + '). Reload the page to try again.');
    });
})();
