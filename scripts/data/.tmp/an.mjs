import fs from 'node:fs';
import * as turf from '@turf/turf';
const txt = fs.readFileSync('/tmp/rivers.txt','utf8');
const segs=[]; let cur=null;
for (const l of txt.split('\n')) { if (l.startsWith('>')) { cur={level:+l.match(/Level (\d+)/)[1], c:[]}; segs.push(cur);} else if (l.trim()) { const [x,y]=l.trim().split(/\s+/).map(Number); cur.c.push([x,y]); } }
const good = segs.filter(s=>s.c.length>=2 && !(s.c.every(p=>p[0]===s.c[0][0]&&p[1]===s.c[0][1])));
console.log(segs.length, good.length);
// join
const key=p=>p[0].toFixed(6)+','+p[1].toFixed(6);
let lines=good.map(s=>({level:s.level,c:s.c.slice()}));
let changed=true;
while(changed){changed=false;
 outer: for(let i=0;i<lines.length;i++)for(let j=0;j<lines.length;j++){ if(i===j)continue; const a=lines[i],b=lines[j];
  if(a.level!==b.level) continue;
  if(key(a.c[a.c.length-1])===key(b.c[0])){a.c=a.c.concat(b.c.slice(1));lines.splice(j,1);changed=true;break outer;}
  if(key(a.c[a.c.length-1])===key(b.c[b.c.length-1])){a.c=a.c.concat(b.c.slice().reverse().slice(1));lines.splice(j,1);changed=true;break outer;}
  if(key(a.c[0])===key(b.c[0])){a.c=b.c.slice().reverse().concat(a.c.slice(1));lines.splice(j,1);changed=true;break outer;}
 }}
const pts={taiyuan:[112.55,37.87],jiexiu:[111.92,37.03],dingxiang:[112.9,38.5],sanggan:[113,39.5],zuoquan:[113.37,37.07],hequ:[111.15,39.38]};
for(const [i,l] of lines.entries()){const ls=turf.lineString(l.c);const bb=turf.bbox(ls);
 const d=Object.fromEntries(Object.entries(pts).map(([k,p])=>[k,+turf.pointToLineDistance(turf.point(p),ls).toFixed(1)]));
 console.log(i,'L'+l.level,l.c.length,turf.length(ls).toFixed(0)+'km',bb.map(v=>v.toFixed(2)).join(','),'start',l.c[0].map(v=>v.toFixed(2)),'end',l.c.at(-1).map(v=>v.toFixed(2)),JSON.stringify(d));}
