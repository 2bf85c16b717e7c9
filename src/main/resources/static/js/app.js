// Mailwright webmail: progressive enhancement only. Every page works without this file.
(function () {
    'use strict';

    // The page's texts in the reader's language: the layout fills #js-texts' data-* attributes from the bundles.
    function text(name) {
        var holder = document.getElementById('js-texts');
        return (holder && holder.dataset[name]) || '';
    }

    // Fit the sandboxed message frame to its content (same origin, no script inside it).
    function fitFrame(frame) {
        try {
            var doc = frame.contentDocument;
            if (doc && doc.documentElement) {
                frame.style.height = (doc.documentElement.scrollHeight + 24) + 'px';
            }
        } catch (e) {
            // a frame we cannot read keeps its CSS height
        }
    }
    var frame = document.getElementById('mailbody');
    if (frame) {
        frame.addEventListener('load', function () { fitFrame(frame); });
        fitFrame(frame);
    }

    var print = document.getElementById('print');
    if (print) {
        print.hidden = false;
        print.addEventListener('click', function () { window.print(); });
    }

    // Keyboard shortcuts: j/k move, o/Enter open, c compose, r reply, a reply all, f forward, # delete, / search, ? help.
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr.message-row'));
    var current = -1;
    function select(i) {
        if (!rows.length) { return; }
        if (current >= 0) { rows[current].classList.remove('current'); }
        current = Math.max(0, Math.min(rows.length - 1, i));
        rows[current].classList.add('current');
        var link = rows[current].querySelector('a.open');
        if (link) { link.focus(); }
    }
    function click(id) {
        var el = document.getElementById(id);
        if (el) { el.click(); return true; }
        return false;
    }
    function toggleHelp() {
        var help = document.getElementById('shortcut-help');
        if (help) { help.remove(); return; }
        help = document.createElement('div');
        help.id = 'shortcut-help';
        help.className = 'help';
        help.setAttribute('role', 'dialog');
        help.setAttribute('aria-label', text('shortcuts'));
        var lines = ['helpMove', 'helpOpen', 'helpCompose', 'helpReply', 'helpReplyAll', 'helpForward', 'helpDelete',
            'helpSearch', 'helpHelp'].map(text);
        var list = document.createElement('ul');
        lines.forEach(function (line) {
            var item = document.createElement('li');
            item.textContent = line;
            list.appendChild(item);
        });
        help.appendChild(list);
        document.body.appendChild(help);
    }
    document.addEventListener('keydown', function (event) {
        var target = event.target;
        var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
        if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
        switch (event.key) {
            case 'j': select(current + 1); break;
            case 'k': select(current - 1); break;
            case 'o':
            case 'Enter':
                if (current >= 0) { rows[current].querySelector('a.open').click(); } else { return; }
                break;
            case 'c': window.location.href = '/compose'; break;
            case 'r': if (!click('reply')) { return; } break;
            case 'a': if (!click('reply-all')) { return; } break;
            case 'f': if (!click('forward')) { return; } break;
            case '#':
                if (click('delete')) { break; }
                if (current >= 0) {
                    var box = rows[current].querySelector('input[type=checkbox]');
                    if (box) { box.checked = true; click('delete-selected'); }
                }
                break;
            case '/':
                var q = document.getElementById('q');
                if (q) { q.focus(); } else { return; }
                break;
            case '?': toggleHelp(); break;
            default: return;
        }
        event.preventDefault();
    });

    // The inbox's unread count in the tab title, "(3) Inbox · Mailwright", kept current by the live updates below.
    var plainTitle = document.title.replace(/^\(\d+\) /, '');
    function showUnreadInTitle() {
        var count = document.querySelector('.folders a.inbox .count');
        var unread = count ? parseInt(count.textContent, 10) || 0 : 0;
        document.title = (unread > 0 ? '(' + unread + ') ' : '') + plainTitle;
    }
    function showFolderUnread(folder, unseen) {
        var link = document.querySelector('a[data-folder="' + folder + '"]');
        if (!link || typeof unseen !== 'number') { return; }
        var count = link.querySelector('.count');
        if (unseen > 0 && !count) {
            count = document.createElement('span');
            count.className = 'count';
            link.appendChild(count);
        }
        if (count && unseen > 0) {
            count.textContent = String(unseen);
            link.classList.add('has-unread');
        } else if (count) {
            count.remove();
            link.classList.remove('has-unread');
        }
        showUnreadInTitle();
    }
    showUnreadInTitle();

    // Live updates: server-sent events from the same origin; reload the list when it is safe to.
    var mailbox = document.body.getAttribute('data-mailbox');
    var leaving = false;
    window.addEventListener('beforeunload', function () { leaving = true; });
    document.addEventListener('click', function (event) {
        if (event.target.closest && event.target.closest('a[href], button[type=submit]')) { leaving = true; }
    }, true);
    document.addEventListener('submit', function () { leaving = true; }, true);
    if (window.EventSource && document.querySelector('.folders')) {
        var source = new EventSource('/events');
        // a page kept in the back/forward cache must not hold one of the browser's few connections per host
        window.addEventListener('pagehide', function () { source.close(); });
        source.addEventListener('mailbox', function (event) {
            var data = JSON.parse(event.data);
            showFolderUnread(data.mailbox, data.unseen);
            var onThisList = rows.length >= 0 && document.getElementById('list-form') && String(data.mailbox) === mailbox;
            var busy = document.querySelector('#list-form input[type=checkbox]:checked') || document.activeElement.id === 'q';
            var undo = document.getElementById('undo-form');   // a reload would take the Undo button away
            busy = busy || (undo && !undo.hidden);
            if (leaving) { return; }
            if (onThisList && !busy) {
                window.setTimeout(function () { if (!leaving) { window.location.reload(); } }, 250);
                return;
            }
            var notice = document.getElementById('live-notice');
            var folderLink = document.querySelector('a[data-folder="' + data.mailbox + '"]');
            var ownWriting = folderLink && (folderLink.classList.contains('drafts') || folderLink.classList.contains('sent'));
            if (notice && data.kind === 'added' && !ownWriting) {   // an autosaved draft or a sent copy is no news
                // the folder's name as the folder list shows it (special folders in the reader's language)
                var label = folderLink && folderLink.querySelector('.label');
                notice.textContent = text('newMail').replace('{0}', label ? label.textContent : data.name);
                notice.hidden = false;
            }
        });
    }

    // Draft autosave: when the compose form changed, save it into Drafts after the configured interval. Each save
    // replaces the previous one (the server answers where the new draft is; the hidden fields follow it).
    var compose = document.getElementById('compose-form');
    if (compose && compose.dataset.autosaveMs && window.fetch && window.FormData) {
        var dirty = false, timer = null, saving = false, leavingPage = false, resubmit = null;
        var status = document.getElementById('autosave-status');
        var setHidden = function (name, value) {
            var input = compose.querySelector('input[type=hidden][name="' + name + '"]');
            if (!input) {
                input = document.createElement('input');
                input.type = 'hidden';
                input.name = name;
                compose.appendChild(input);
            }
            input.value = String(value);
        };
        var schedule = function () {
            if (!timer && !leavingPage) {
                timer = window.setTimeout(autosave, Number(compose.dataset.autosaveMs));
            }
        };
        var autosave = function () {
            timer = null;
            if (!dirty || saving || leavingPage) {
                if (dirty) { schedule(); }
                return;
            }
            dirty = false;
            saving = true;
            compose.dispatchEvent(new CustomEvent('mailwright:before-save'));
            var data = new FormData(compose);
            data.delete('attachments');
            data.delete('action');
            fetch(compose.dataset.autosaveUrl, { method: 'POST', body: data, credentials: 'same-origin',
                headers: { 'Accept': 'application/json' } })
                .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
                .then(function (saved) {
                    if (leavingPage) { return; }
                    setHidden('draftMailbox', saved.draftMailbox);
                    setHidden('draftUid', saved.draftUid);
                    if (saved.forwardUid) {
                        setHidden('forwardMailbox', saved.forwardMailbox);
                        setHidden('forwardUid', saved.forwardUid);
                    }
                    compose.dataset.savedUid = String(saved.draftUid);
                    if (status) { status.textContent = text('draftSaved').replace('{0}', new Date().toLocaleTimeString(document.documentElement.lang || undefined)); }
                })
                .catch(function () {
                    dirty = true;
                    if (status) { status.textContent = text('draftNotSaved'); }
                })
                .finally(function () {
                    saving = false;
                    if (resubmit) {   // Send or Save draft waited for this save, so that it replaces the new draft
                        var button = resubmit;
                        resubmit = null;
                        compose.requestSubmit(button);
                    } else if (dirty) {
                        schedule();
                    }
                });
        };
        compose.addEventListener('input', function () { dirty = true; schedule(); });
        compose.addEventListener('mailwright:changed', function () { dirty = true; schedule(); });
        compose.addEventListener('submit', function (event) {
            if (saving) {
                event.preventDefault();
                resubmit = event.submitter || compose.querySelector('#send');
                return;
            }
            leavingPage = true;
            if (timer) { window.clearTimeout(timer); timer = null; }
        });
    }

    // Rich text: a small contenteditable editor instead of the textarea. The hidden "html" field carries its HTML
    // (the server sanitizes it and sends it with a plain text alternative); the textarea keeps the plain text.
    var richToggle = document.getElementById('rich-toggle');
    var plainBody = document.getElementById('body');
    var htmlField = document.getElementById('html');
    if (compose && richToggle && plainBody && htmlField && document.execCommand) {
        var editor = null, formatBar = null;
        var commands = [['bold', 'B', text('bold')], ['italic', 'I', text('italic')], ['underline', 'U', text('underline')],
            ['insertUnorderedList', '•', text('bulletedList')], ['insertOrderedList', '1.', text('numberedList')],
            ['createLink', '🔗', text('link')], ['blockquote', '❝', text('quote')]];
        var asHtml = function (text) {
            var holder = document.createElement('div');
            holder.textContent = text;
            return holder.innerHTML.replace(/\n/g, '<br>');
        };
        var sync = function () {
            if (editor) {
                htmlField.value = editor.innerHTML;
                plainBody.value = editor.innerText;
            }
        };
        var edited = function () {
            sync();
            compose.dispatchEvent(new CustomEvent('mailwright:changed'));
        };
        var run = function (command) {
            editor.focus();
            if (command === 'createLink') {
                var address = window.prompt(text('linkAddress'), 'https://');
                if (!address || !/^(https?:|mailto:)/i.test(address)) { return; }
                document.execCommand('createLink', false, address);
            } else if (command === 'blockquote') {
                document.execCommand('formatBlock', false, 'blockquote');
            } else {
                document.execCommand(command, false, null);
            }
            edited();
        };
        var richOn = function () {
            formatBar = document.createElement('div');
            formatBar.className = 'editor-bar';
            formatBar.setAttribute('role', 'toolbar');
            formatBar.setAttribute('aria-label', text('formatting'));
            commands.forEach(function (c) {
                var button = document.createElement('button');
                button.type = 'button';
                button.textContent = c[1];
                button.title = c[2];
                button.setAttribute('aria-label', c[2]);
                button.dataset.command = c[0];
                button.addEventListener('mousedown', function (event) { event.preventDefault(); });   // keep the selection
                button.addEventListener('click', function () { run(c[0]); });
                formatBar.appendChild(button);
            });
            editor = document.createElement('div');
            editor.id = 'editor';
            editor.className = 'editor';
            editor.contentEditable = 'true';
            editor.setAttribute('role', 'textbox');
            editor.setAttribute('aria-multiline', 'true');
            editor.setAttribute('aria-label', text('message'));
            editor.innerHTML = htmlField.value || asHtml(plainBody.value);
            editor.addEventListener('input', sync);
            plainBody.hidden = true;
            plainBody.parentNode.insertBefore(formatBar, plainBody);
            plainBody.parentNode.insertBefore(editor, plainBody);
            richToggle.textContent = text('plainText');
            richToggle.setAttribute('aria-pressed', 'true');
            sync();
        };
        var richOff = function () {
            plainBody.value = editor.innerText;
            htmlField.value = '';
            editor.remove();
            formatBar.remove();
            editor = null;
            formatBar = null;
            plainBody.hidden = false;
            richToggle.textContent = text('richText');

            richToggle.setAttribute('aria-pressed', 'false');
            compose.dispatchEvent(new CustomEvent('mailwright:changed'));
        };
        richToggle.hidden = false;
        richToggle.addEventListener('click', function () { if (editor) { richOff(); } else { richOn(); } });
        compose.addEventListener('mailwright:before-save', sync);
        compose.addEventListener('submit', sync);
        if (htmlField.value) { richOn(); }
    }
})();
