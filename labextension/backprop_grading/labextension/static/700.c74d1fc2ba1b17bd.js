"use strict";(self.rspackChunkbackprop_grading=self.rspackChunkbackprop_grading||[]).push([[700],{646(e,r,a){var t=a(601),o=a.n(t),n=a(314),s=(a.n(n))()(o());s.push([e.id,`/* The grading workflow's dialogs and panel, in JupyterLab's own colours. */
.backprop-validate-result {
  max-width: 640px;
  max-height: 60vh;
  overflow-y: auto;
}

.backprop-validate-summary {
  font-weight: 600;
}

.backprop-mod-success .backprop-validate-summary {
  color: var(--jp-success-color1);
}

.backprop-mod-failed .backprop-validate-summary,
.backprop-mod-error .backprop-validate-summary {
  color: var(--jp-error-color1);
}

.backprop-validate-check {
  margin-bottom: 12px;
}

.backprop-validate-check-head {
  display: flex;
  gap: 8px;
  align-items: baseline;
}

.backprop-validate-source {
  font-family: var(--jp-code-font-family);
  font-size: var(--jp-code-font-size);
}

.backprop-validate-reason {
  white-space: pre-wrap;
  font-family: var(--jp-ui-font-family);
  margin: 4px 0 0;
}

.backprop-assignments {
  padding: 8px 12px;
  overflow-y: auto;
  background: var(--jp-layout-color1);
  color: var(--jp-ui-font-color1);
  font-size: var(--jp-ui-font-size1);
}

.backprop-assignments-header {
  display: flex;
  align-items: center;
  justify-content: space-between;
}

.backprop-assignments-header h2 {
  font-size: var(--jp-ui-font-size3);
  margin: 4px 0;
}

.backprop-assignments h3 {
  font-size: var(--jp-ui-font-size2);
  margin: 16px 0 6px;
  border-bottom: var(--jp-border-width) solid var(--jp-border-color2);
}

.backprop-assignments-status {
  min-height: 1.2em;
  color: var(--jp-success-color1);
}

.backprop-assignments-status.backprop-mod-error {
  color: var(--jp-error-color1);
}

.backprop-assignments-empty {
  color: var(--jp-ui-font-color2);
}

.backprop-assignments-list,
.backprop-assignment-notebooks,
.backprop-assignment-submissions {
  list-style: none;
  padding-left: 0;
  margin: 0;
}

.backprop-assignment {
  margin-bottom: 8px;
}

.backprop-assignment-head {
  display: flex;
  gap: 8px;
  align-items: center;
}

.backprop-assignment-name {
  font-weight: 600;
  flex: 1;
}

.backprop-assignment-notebooks,
.backprop-assignment-submissions {
  padding-left: 12px;
}

.backprop-assignment-notebook,
.backprop-assignment-feedback {
  color: var(--jp-content-link-color);
  margin-right: 8px;
}

.backprop-assignment-timestamp {
  color: var(--jp-ui-font-color2);
  margin-right: 8px;
}

.backprop-assignments button {
  cursor: pointer;
}
`,""]),a.d(r,{},{A:s})},314(e){e.exports=function(e){var r=[];return r.toString=function(){return this.map(function(r){var a="",t=void 0!==r[5];return r[4]&&(a+="@supports (".concat(r[4],") {")),r[2]&&(a+="@media ".concat(r[2]," {")),t&&(a+="@layer".concat(r[5].length>0?" ".concat(r[5]):""," {")),a+=e(r),t&&(a+="}"),r[2]&&(a+="}"),r[4]&&(a+="}"),a}).join("")},r.i=function(e,a,t,o,n){"string"==typeof e&&(e=[[null,e,void 0]]);var s={};if(t)for(var i=0;i<this.length;i++){var p=this[i][0];null!=p&&(s[p]=!0)}for(var c=0;c<e.length;c++){var l=[].concat(e[c]);t&&s[l[0]]||(void 0!==n&&(void 0===l[5]||(l[1]="@layer".concat(l[5].length>0?" ".concat(l[5]):""," {").concat(l[1],"}")),l[5]=n),a&&(l[2]&&(l[1]="@media ".concat(l[2]," {").concat(l[1],"}")),l[2]=a),o&&(l[4]?(l[1]="@supports (".concat(l[4],") {").concat(l[1],"}"),l[4]=o):l[4]="".concat(o)),r.push(l))}},r}},601(e){e.exports=function(e){return e[1]}},72(e){var r=[];function a(e){for(var a=-1,t=0;t<r.length;t++)if(r[t].identifier===e){a=t;break}return a}function t(e,t){for(var o={},n=[],s=0;s<e.length;s++){var i=e[s],p=t.base?i[0]+t.base:i[0],c=o[p]||0,l="".concat(p," ").concat(c);o[p]=c+1;var u=a(l),d={css:i[1],media:i[2],sourceMap:i[3],supports:i[4],layer:i[5]};if(-1!==u)r[u].references++,r[u].updater(d);else{var m=function(e,r){var a=r.domAPI(r);return a.update(e),function(r){r?(r.css!==e.css||r.media!==e.media||r.sourceMap!==e.sourceMap||r.supports!==e.supports||r.layer!==e.layer)&&a.update(e=r):a.remove()}}(d,t);t.byIndex=s,r.splice(s,0,{identifier:l,updater:m,references:1})}n.push(l)}return n}e.exports=function(e,o){var n=t(e=e||[],o=o||{});return function(e){e=e||[];for(var s=0;s<n.length;s++){var i=a(n[s]);r[i].references--}for(var p=t(e,o),c=0;c<n.length;c++){var l=a(n[c]);0===r[l].references&&(r[l].updater(),r.splice(l,1))}n=p}}},659(e){var r={};e.exports=function(e,a){var t=function(e){if(void 0===r[e]){var a=document.querySelector(e);if(window.HTMLIFrameElement&&a instanceof window.HTMLIFrameElement)try{a=a.contentDocument.head}catch(e){a=null}r[e]=a}return r[e]}(e);if(!t)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");t.appendChild(a)}},540(e){e.exports=function(e){var r=document.createElement("style");return e.setAttributes(r,e.attributes),e.insert(r,e.options),r}},56(e,r,a){e.exports=function(e){var r=a.nc;r&&e.setAttribute("nonce",r)}},825(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var r=e.insertStyleElement(e);return{update:function(a){var t,o,n;t="",a.supports&&(t+="@supports (".concat(a.supports,") {")),a.media&&(t+="@media ".concat(a.media," {")),(o=void 0!==a.layer)&&(t+="@layer".concat(a.layer.length>0?" ".concat(a.layer):""," {")),t+=a.css,o&&(t+="}"),a.media&&(t+="}"),a.supports&&(t+="}"),(n=a.sourceMap)&&"u">typeof btoa&&(t+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(n))))," */")),e.styleTagTransform(t,r,e.options)},remove:function(){var e;null===(e=r).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,r){if(r.styleSheet)r.styleSheet.cssText=e;else{for(;r.firstChild;)r.removeChild(r.firstChild);r.appendChild(document.createTextNode(e))}}},959(e,r,a){var t=a(72),o=a.n(t),n=a(825),s=a.n(n),i=a(659),p=a.n(i),c=a(56),l=a.n(c),u=a(540),d=a.n(u),m=a(113),f=a.n(m),v=a(646),b={};b.styleTagTransform=f(),b.setAttributes=l(),b.insert=p().bind(null,"head"),b.domAPI=s(),b.insertStyleElement=d(),o()(v.A,b),v.A&&v.A.locals&&v.A.locals}}]);