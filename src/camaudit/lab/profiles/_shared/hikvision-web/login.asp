<!doctype html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title></title>
<link rel="stylesheet" type="text/css" href="../css/ui.css?version=V5.7.3build220112" />
<link rel="stylesheet" type="text/css" href="../css/login.css?version=V5.7.3build220112" />
<script type="text/javascript" src="../script/lib/require/require.js?version=V5.7.3build220112" data-main="../script/login/main"></script>
</head>
<body>
<div class="login-wrap" ng-controller="loginController">
  <div class="login-logo"></div>
  <div class="login-item"><input id="username" type="text" class="login-input" ng-model="oLoginInfo.szUserName" /></div>
  <div class="login-item"><input id="password" type="password" class="login-input" ng-model="oLoginInfo.szPassword" /></div>
  <div class="login-item"><button class="login-btn" ng-click="login()">Login</button></div>
</div>
<div class="footer">&copy;Hikvision Digital Technology Co., Ltd. All Rights Reserved.</div>
</body>
</html>
