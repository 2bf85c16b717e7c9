import socket, time, sys, ssl, urllib.request, urllib.error, urllib.parse, re, http.cookiejar
# first-requests.py IMAP_PORT WEB_PORT USER PASSWORD: the first SELECT and UID FETCH 1:* (UID FLAGS) after a start,
# then four more, then the webmail sign-in (the POST alone) and six GETs of the page it leads to; client times
host='127.0.0.1'; port=int(sys.argv[1]); web=int(sys.argv[2]); user=sys.argv[3]; pw=sys.argv[4]
def cmd(s, f, tag, line):
    s.sendall((tag+' '+line+'\r\n').encode())
    while True:
        l=f.readline()
        if not l: raise SystemExit('closed')
        if l.startswith((tag+' ').encode()):
            return l
s=socket.create_connection((host,port)); f=s.makefile('rb')
f.readline()
cmd(s,f,'a','LOGIN %s %s'%(user,pw))
res=[]
for i in range(5):
    t=time.perf_counter(); cmd(s,f,'s%d'%i,'SELECT INBOX'); sel=(time.perf_counter()-t)*1000
    t=time.perf_counter(); cmd(s,f,'f%d'%i,'UID FETCH 1:* (UID FLAGS)'); fe=(time.perf_counter()-t)*1000
    res.append((sel,fe))
print('select/fetch ms:', ' '.join('%.0f/%.0f'%r for r in res))
# webmail
cj=http.cookiejar.CookieJar(); op=urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj))
base='http://127.0.0.1:%d'%web
t=time.perf_counter()
page=op.open(base+'/login').read().decode()
print('first GET /login ms: %.0f'%((time.perf_counter()-t)*1000))
tok=re.search(r'name="_csrf" value="([^"]+)"',page).group(1)
import urllib.parse
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None
post=urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj), NoRedirect)
t=time.perf_counter()
try:
    post.open(base+'/login', data=urllib.parse.urlencode({'username':user,'password':pw,'_csrf':tok}).encode()).read()
    raise SystemExit('sign-in did not redirect')
except urllib.error.HTTPError as e:
    if e.code not in (302, 303): raise
    url=urllib.parse.urljoin(base, e.headers['Location'])
signin=(time.perf_counter()-t)*1000
print('sign-in POST (password check, session, redirect) ms: %.0f'%signin, url)
times=[]
for i in range(6):
    t=time.perf_counter(); body=op.open(url).read(); times.append((time.perf_counter()-t)*1000)
print('webmail page after sign-in ms:', ' '.join('%.0f'%x for x in times), len(body))
