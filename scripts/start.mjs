// `npm start`: the lab server arrives with the lab issue; until then, say what exists.
console.log('gradschool: the web lab is not built yet. Try `npm test`, or `npx tsx` a script that imports engine/index.ts.');
