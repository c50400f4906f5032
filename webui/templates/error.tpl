{{%AUTOESCAPE context="HTML"}}<h1>{{HEADING}}</h1>
<div class="alert alert-error" role="alert"><p>{{MESSAGE}}</p></div>
<p><a href="/">Revenir à l'accueil</a></p>
