// Compose page: address autocomplete for To/Cc/Bcc (contacts and collected addresses) and the From chooser's
// signature swap. Loaded only by the compose page; no inline script (the CSP forbids it).
(function () {
    'use strict';
    var form = document.getElementById('compose-form');
    if (!form) {
        return;
    }
    var suggestUrl = form.getAttribute('data-suggest-url');

    // --- From chooser: the signature of the chosen identity replaces the previous one, if it is still there as written
    var chooser = document.getElementById('identity');
    var body = document.getElementById('body');
    if (chooser && body) {
        var previous = chooser.options[chooser.selectedIndex] ? chooser.options[chooser.selectedIndex].getAttribute('data-signature') || '' : '';
        chooser.addEventListener('change', function () {
            var next = chooser.options[chooser.selectedIndex].getAttribute('data-signature') || '';
            var text = body.value.replace(/\r\n/g, '\n');
            var oldBlock = '-- \n' + previous;
            var at = previous ? text.indexOf(oldBlock) : -1;
            if (at >= 0) {
                body.value = text.substring(0, at) + (next ? '-- \n' + next : '') + text.substring(at + oldBlock.length);
            } else if (next && text.indexOf('-- \n' + next) < 0) {
                body.value = text.replace(/\s*$/, '') + '\n\n-- \n' + next;
            }
            previous = next;
        });
    }

    // --- autocomplete: the part after the last comma is the query; a listbox under the field offers matches
    if (!suggestUrl) {
        return;
    }
    ['to', 'cc', 'bcc'].forEach(function (id) {
        var input = document.getElementById(id);
        if (input) {
            attach(input);
        }
    });

    // senders of recent mail (the page's datalist) complete the server's contacts and collected addresses
    function withRecentSenders(found, q) {
        var list = document.getElementById('correspondents');
        var seen = {};
        found.forEach(function (item) { seen[item.address.toLowerCase()] = true; });
        var lower = q.toLowerCase();
        var out = found.slice();
        if (list) {
            Array.prototype.forEach.call(list.options, function (option) {
                var value = option.value;
                var lt = value.lastIndexOf('<');
                var address = lt >= 0 ? value.substring(lt + 1, value.length - 1) : value;
                var name = lt >= 0 ? value.substring(0, lt).trim() : '';
                if (out.length < 10 && !seen[address.toLowerCase()] && value.toLowerCase().indexOf(lower) >= 0) {
                    seen[address.toLowerCase()] = true;
                    out.push({ name: name, address: address, value: value, source: 'history' });
                }
            });
        }
        return out;
    }

    function attach(input) {
        input.removeAttribute('list');   // the server-rendered datalist is the fallback without script
        input.setAttribute('role', 'combobox');
        input.setAttribute('aria-autocomplete', 'list');
        input.setAttribute('aria-expanded', 'false');
        input.setAttribute('autocomplete', 'off');
        var list = document.createElement('ul');
        list.id = input.id + '-suggestions';
        list.className = 'suggestions';
        list.setAttribute('role', 'listbox');
        list.hidden = true;
        input.setAttribute('aria-controls', list.id);
        input.parentNode.insertBefore(list, input.nextSibling);
        var items = [];
        var active = -1;
        var sequence = 0;
        var timer = null;

        function query() {
            var value = input.value;
            var comma = value.lastIndexOf(',');
            return value.substring(comma + 1).trim();
        }

        function close() {
            list.hidden = true;
            list.textContent = '';
            items = [];
            active = -1;
            input.setAttribute('aria-expanded', 'false');
            input.removeAttribute('aria-activedescendant');
        }

        function highlight(index) {
            active = index;
            Array.prototype.forEach.call(list.children, function (li, i) {
                li.setAttribute('aria-selected', i === index ? 'true' : 'false');
            });
            if (index >= 0) {
                input.setAttribute('aria-activedescendant', list.children[index].id);
            } else {
                input.removeAttribute('aria-activedescendant');
            }
        }

        function accept(index) {
            var item = items[index];
            if (!item) {
                return;
            }
            var value = input.value;
            var comma = value.lastIndexOf(',');
            var head = comma >= 0 ? value.substring(0, comma + 1) + ' ' : '';
            input.value = head + item.value + ', ';
            close();
            input.focus();
        }

        function show(found) {
            list.textContent = '';
            items = found;
            if (!found.length) {
                close();
                return;
            }
            found.forEach(function (item, i) {
                var li = document.createElement('li');
                li.id = list.id + '-' + i;
                li.setAttribute('role', 'option');
                li.setAttribute('aria-selected', 'false');
                li.className = 'suggestion ' + item.source;
                var name = document.createElement('span');
                name.className = 'name';
                name.textContent = item.name || item.address;
                var address = document.createElement('span');
                address.className = 'address';
                address.textContent = item.name ? item.address : '';
                li.appendChild(name);
                li.appendChild(address);
                li.addEventListener('mousedown', function (e) {
                    e.preventDefault();   // keep the focus in the field
                    accept(i);
                });
                list.appendChild(li);
            });
            list.hidden = false;
            input.setAttribute('aria-expanded', 'true');
            highlight(0);
        }

        function lookup() {
            var q = query();
            if (!q) {
                close();
                return;
            }
            var mine = ++sequence;
            fetch(suggestUrl + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (found) {
                    if (mine === sequence && document.activeElement === input) {
                        show(withRecentSenders(found, q));
                    }
                })
                .catch(function () { close(); });
        }

        input.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(lookup, 120);
        });
        input.addEventListener('keydown', function (e) {
            if (list.hidden) {
                return;
            }
            if (e.key === 'ArrowDown') {
                e.preventDefault();
                highlight((active + 1) % items.length);
            } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                highlight((active - 1 + items.length) % items.length);
            } else if (e.key === 'Enter' || e.key === 'Tab') {
                if (active >= 0) {
                    e.preventDefault();
                    accept(active);
                }
            } else if (e.key === 'Escape') {
                e.preventDefault();
                close();
            }
        });
        input.addEventListener('blur', function () {
            setTimeout(close, 150);
        });
    }
})();
