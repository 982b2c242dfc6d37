// Saving a file: a Blob download, the one way these pages keep anything
// (never browser storage: on file:// every local page shares it). Joined
// into both forms.js and confirm.js (theme.rs).

/* Offers `text` as a file called `name` of media type `type`. */
function download(text, type, name) {
  var url = URL.createObjectURL(new Blob([text], { type: type }));
  var a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
}
