const esbuild=require("esbuild");const fs=require("fs");
for (const mf of [undefined, ["module","main"]]) {
const r=esbuild.buildSync({absWorkingDir:process.cwd(),entryPoints:[{in:"functions/pageview-counter/index.ts",out:"index"}],outdir:"/tmp/mf",bundle:true,platform:"node",format:"cjs",target:"node22",minify:true,metafile:true,write:false,legalComments:"external", mainFields: mf});
const o=Object.values(r.metafile.outputs).find(o=>o.entryPoint);
const byPkg={};for(const [f,v] of Object.entries(o.inputs)){const m=f.match(/node_modules\/((@[^/]+\/)?[^/]+)/);const k=m?m[1]:f.split("/").slice(0,2).join("/");byPkg[k]=(byPkg[k]||0)+v.bytesInOutput;}
const js=r.outputFiles.find(f=>f.path.endsWith("index.js"));
const dir="/tmp/mf/"+(mf?"module":"default");fs.mkdirSync(dir,{recursive:true});fs.writeFileSync(dir+"/index.js",js.contents);
console.log(mf, js.contents.length, Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0,8).map(([k,v])=>v+" "+k).join(", "));
const bi = Object.entries(r.metafile.inputs).filter(([f,v])=>v.imports.some(i=>i.path.includes("bowser"))).map(([f])=>f); console.log("bowser importers", bi);
}
