// Mailwright webmail: progressive enhancement only. Every page works without this file.
(function () {
    'use strict';

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
        help.setAttribute('aria-label', 'Keyboard shortcuts');
        var lines = ['j / k  next / previous message', 'o or Enter  open', 'c  compose', 'r  reply', 'a  reply all',
            'f  forward', '#  delete', '/  search', '?  this help'];
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
            var counter = document.querySelector('a[data-folder="' + data.mailbox + '"] .count');
            var onThisList = rows.length >= 0 && document.getElementById('list-form') && String(data.mailbox) === mailbox;
            var busy = document.querySelector('#list-form input[type=checkbox]:checked') || document.activeElement.id === 'q';
            if (leaving) { return; }
            if (onThisList && !busy) {
                window.setTimeout(function () { if (!leaving) { window.location.reload(); } }, 250);
                return;
            }
            var notice = document.getElementById('live-notice');
            if (notice && data.kind === 'added') {
                notice.textContent = 'New mail in ' + data.name + '.';
                notice.hidden = false;
            }
            if (counter && typeof data.unseen === 'number') {
                counter.textContent = String(data.unseen);
            }
        });
    }
})();
