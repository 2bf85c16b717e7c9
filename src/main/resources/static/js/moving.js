// Mailwright webmail: moving mail the way people do. Progressive enhancement only: without this file the forms
// still post (select boxes, the "all in this folder" box, the Undo button, the file input, the drawer link).
(function () {
    'use strict';

    var listForm = document.getElementById('list-form');

    function rowBoxes() {
        return Array.prototype.slice.call(document.querySelectorAll('tr.message-row input[type=checkbox][name=uid]'));
    }

    // Select all: a box for the page; when the page is all selected and the folder holds more, offer all of them.
    var pageBox = document.getElementById('select-page');
    var banner = document.getElementById('select-all');
    var folderBox = document.getElementById('select-all-folder');
    function showBanner() {
        if (!banner) { return; }
        var boxes = rowBoxes();
        var pageSelected = boxes.length > 0 && boxes.every(function (b) { return b.checked; });
        var more = Number(banner.getAttribute('data-total')) > boxes.length;
        banner.hidden = !(pageSelected && more) && !(folderBox && folderBox.checked);
        var note = banner.querySelector('.page-selected');
        if (note) { note.hidden = !pageSelected; }
        if (pageBox) { pageBox.checked = pageSelected; }
    }
    if (pageBox && listForm && rowBoxes().length) {
        document.getElementById('select-page-label').hidden = false;
        pageBox.addEventListener('change', function () {
            rowBoxes().forEach(function (b) { b.checked = pageBox.checked; });
            if (!pageBox.checked && folderBox) { folderBox.checked = false; }
            showBanner();
        });
        listForm.addEventListener('change', function (event) {
            if (event.target.name === 'uid') {
                if (!event.target.checked && folderBox) { folderBox.checked = false; }
                showBanner();
            }
        });
        showBanner();
    } else if (banner && !rowBoxes().length) {
        banner.hidden = true;
    }

    // Drag messages onto a folder of the folder list: the checked ones when the dragged row is checked, else that row.
    var dragged = null;
    function csrfInput() {
        return document.querySelector('#list-form input[name=_csrf]');
    }
    function postMove(folderId, uids, all) {
        var form = document.createElement('form');
        form.method = 'post';
        form.action = listForm.getAttribute('action');
        form.hidden = true;
        var add = function (name, value) {
            var input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.appendChild(input);
        };
        var csrf = csrfInput();
        if (csrf) { add('_csrf', csrf.value); }
        add('action', 'MOVE');
        add('targetId', folderId);
        if (all) { add('all', 'true'); }
        uids.forEach(function (uid) { add('uid', uid); });
        document.body.appendChild(form);
        form.submit();
    }
    if (listForm) {
        document.querySelectorAll('tr.message-row').forEach(function (row) {
            row.draggable = true;
            row.addEventListener('dragstart', function (event) {
                var box = row.querySelector('input[name=uid]');
                var uids = box && box.checked
                    ? rowBoxes().filter(function (b) { return b.checked; }).map(function (b) { return b.value; })
                    : [row.getAttribute('data-uid')];
                dragged = { uids: uids, all: !!(box && box.checked && folderBox && folderBox.checked) };
                if (event.dataTransfer) {
                    event.dataTransfer.effectAllowed = 'move';
                    event.dataTransfer.setData('text/plain', uids.length + ' ✉');
                }
                document.body.classList.add('dragging-mail');
            });
            row.addEventListener('dragend', function () {
                dragged = null;
                document.body.classList.remove('dragging-mail');
            });
        });
        var here = document.body.getAttribute('data-mailbox');
        document.querySelectorAll('nav.folders a[data-folder]').forEach(function (link) {
            var folder = link.getAttribute('data-folder');
            if (folder === here) { return; }
            link.addEventListener('dragover', function (event) {
                if (!dragged) { return; }
                event.preventDefault();
                if (event.dataTransfer) { event.dataTransfer.dropEffect = 'move'; }
                link.classList.add('drop-target');
            });
            link.addEventListener('dragleave', function () { link.classList.remove('drop-target'); });
            link.addEventListener('drop', function (event) {
                if (!dragged) { return; }
                event.preventDefault();
                link.classList.remove('drop-target');
                var move = dragged;
                dragged = null;
                postMove(folder, move.uids, move.all);
            });
        });
    }

    // Undo: the server refuses after its window; the button goes away then too.
    var undo = document.getElementById('undo-form');
    if (undo) {
        var left = Number(undo.getAttribute('data-expires-in'));
        if (left > 0) {
            window.setTimeout(function () { undo.hidden = true; }, left);
        }
    }

    // Files dropped onto compose join the attachments input (the browser sends them with the form as if picked).
    var compose = document.getElementById('compose-form');
    var fileInput = document.getElementById('attachments');
    var hint = document.getElementById('drop-hint');
    if (compose && fileInput && hint && window.DataTransfer) {
        hint.hidden = false;
        var hasFiles = function (event) {
            var types = event.dataTransfer && event.dataTransfer.types;
            return types && Array.prototype.indexOf.call(types, 'Files') >= 0;
        };
        compose.addEventListener('dragover', function (event) {
            if (!hasFiles(event)) { return; }
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
            compose.classList.add('dropping');
        });
        compose.addEventListener('dragleave', function (event) {
            if (event.target === compose) { compose.classList.remove('dropping'); }
        });
        compose.addEventListener('drop', function (event) {
            if (!hasFiles(event)) { return; }
            event.preventDefault();
            compose.classList.remove('dropping');
            var all = new DataTransfer();
            Array.prototype.forEach.call(fileInput.files, function (f) { all.items.add(f); });
            Array.prototype.forEach.call(event.dataTransfer.files, function (f) { all.items.add(f); });
            fileInput.files = all.files;
            fileInput.dispatchEvent(new Event('change', { bubbles: true }));
            hint.textContent = (hint.getAttribute('data-dropped') || '{0}').replace('{0}', String(fileInput.files.length));
            hint.setAttribute('role', 'status');
        });
    }

    // The folder drawer at phone width: the link works without script (:target); with script it toggles in place.
    var toggle = document.getElementById('drawer-toggle');
    var drawer = document.getElementById('folder-drawer');
    var close = document.getElementById('drawer-close');
    if (toggle && drawer) {
        var setOpen = function (open) {
            drawer.classList.toggle('open', open);
            toggle.setAttribute('aria-expanded', String(open));
            if (open) {
                var first = drawer.querySelector('a[aria-current=page]') || drawer.querySelector('a[data-folder]');
                if (first) { first.focus(); }
            }
        };
        toggle.addEventListener('click', function (event) {
            event.preventDefault();
            setOpen(!drawer.classList.contains('open'));
        });
        if (close) {
            close.addEventListener('click', function (event) {
                event.preventDefault();
                setOpen(false);
                toggle.focus();
            });
        }
        document.addEventListener('keydown', function (event) {
            if (event.key === 'Escape' && drawer.classList.contains('open')) {
                setOpen(false);
                toggle.focus();
            }
        });
        document.addEventListener('click', function (event) {
            if (drawer.classList.contains('open') && !drawer.contains(event.target) && event.target !== toggle) {
                setOpen(false);
            }
        });
    }
})();
